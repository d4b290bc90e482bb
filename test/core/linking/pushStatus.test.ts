import * as assert from 'node:assert/strict';
import {
  type PushError,
  type PushJob,
  type PushRequest,
  type PushStatus,
  emptyJobCounts,
  failedJobCount,
  retryOrgFileName,
  groupPushErrors,
  pushRequestReport,
  pushStatusOf,
  pushSubscribers,
  retryOrgs,
} from '../../../src/core/linking/pushStatus';
import { orgFileContent } from '../../../src/core/linking/pushUpgrade';
import { toId18 } from '../../../src/core/orgId';
import { aLicense } from '../../support/builders';

const org = (n: number) => `00D5g0000${String(n).padStart(6, '0')}`;
let jobSerial = 0;
const job = (orgKey: string, status: PushStatus): PushJob => ({
  id: `0DX5g0000${String(++jobSerial).padStart(6, '0')}`,
  requestId: '0DV5g0000000001',
  orgKey,
  status,
});
const error = (orgKey: string, type: string, title: string, message = `${type}: ${title}`): PushError => ({
  jobId: `0DX${orgKey.slice(3)}`,
  orgKey,
  type,
  title,
  message,
  severity: 'Error',
});

describe('push status', () => {
  describe('statuses', () => {
    it("reads a job's documented 'Cancelled' as the request's 'Canceled', and refuses values it does not know", () => {
      assert.equal(pushStatusOf('Cancelled'), 'Canceled');
      assert.equal(pushStatusOf('Canceled'), 'Canceled');
      assert.equal(pushStatusOf('In Progress'), 'In Progress');
      assert.equal(pushStatusOf('InProgress'), 'In Progress');
      assert.equal(pushStatusOf('Failed'), 'Failed');
      assert.equal(pushStatusOf('Exploded'), undefined);
      assert.equal(pushStatusOf(null), undefined);
    });
  });

  describe('error groups', () => {
    it('groups by type and title, most orgs first; ties by type, then title; an org once per group; 18-character keys as 15', () => {
      const apex = 'Apex test failure in InvoiceTest';
      const errors = [
        ...[1, 2, 3].map((n) => error(org(n), 'ApexTestFailure', apex)),
        // The same org twice in one group (two failing tests with the same title), once as 18 characters.
        error(toId18(org(3)), 'ApexTestFailure', apex, 'another test'),
        error(org(4), 'LimitExceeded', 'Too many SOQL queries'),
        error(org(5), 'LimitExceeded', 'Too many SOQL queries'),
        // Ties at 2 orgs: DeployError sorts before LimitExceeded by type.
        error(org(6), 'DeployError', 'Zeta: missing field'),
        error(org(7), 'DeployError', 'Zeta: missing field'),
        // Ties at 1 org and the same type: by title.
        error(org(8), 'UnclassifiedError', 'b title'),
        error(org(9), 'UnclassifiedError', 'a title'),
        // Same title, another type: another group.
        error(org(10), 'DeployError', apex),
      ];
      const groups = groupPushErrors(errors);
      assert.deepEqual(
        groups.map((g) => [g.orgKeys.length, g.type, g.title]),
        [
          [3, 'ApexTestFailure', apex],
          [2, 'DeployError', 'Zeta: missing field'],
          [2, 'LimitExceeded', 'Too many SOQL queries'],
          [1, 'DeployError', apex],
          [1, 'UnclassifiedError', 'a title'],
          [1, 'UnclassifiedError', 'b title'],
        ],
      );
      assert.deepEqual(groups[0].orgKeys, [org(1), org(2), org(3)]);
      assert.equal(groups[0].message, `ApexTestFailure: ${apex}`);
    });

    it('sorts org keys within a group', () => {
      const groups = groupPushErrors([error(org(9), 'LockingFailure', 't'), error(org(2), 'LockingFailure', 't'), error(org(5), 'LockingFailure', 't')]);
      assert.deepEqual(groups[0].orgKeys, [org(2), org(5), org(9)]);
    });
  });

  describe('retry orgs', () => {
    it('takes failed and not-started jobs, once each, as 15-character ids the org file accepts; not succeeded, running or cancelled ones', () => {
      const jobs = [
        job(org(3), 'Failed'),
        job(toId18(org(3)), 'Failed'),
        job(org(1), 'Created'),
        job(toId18(org(2)), 'Pending'),
        job(org(4), 'Succeeded'),
        job(org(5), 'In Progress'),
        job(org(6), 'Canceled'),
      ];
      const retry = retryOrgs(jobs, () => undefined, '2.0.0');
      assert.deepEqual(retry, [org(1), org(2), org(3)]);
      assert.equal(orgFileContent(retry.map((orgId) => ({ orgId }))), `${org(1)}\n${org(2)}\n${org(3)}\n`);
    });

    it('leaves out orgs the LMO shows on the target version or later, compared as numbers; keeps older, unknown and unreadable ones', () => {
      const versions: Record<string, string> = { [org(1)]: '2.10.0', [org(2)]: '2.9.0', [org(3)]: '2.10', [org(4)]: 'n/a', [org(6)]: '3.0.0' };
      const jobs = [1, 2, 3, 4, 5].map((n) => job(toId18(org(n)), 'Failed')).concat(job(org(6), 'Pending'));
      const asked: string[] = [];
      const retry = retryOrgs(
        jobs,
        (k) => {
          asked.push(k);
          return versions[k];
        },
        '2.10.0',
      );
      assert.deepEqual(retry, [org(2), org(4), org(5)]);
      assert.ok(asked.every((k) => k.length === 15));
    });
  });

  describe('subscribers and the report', () => {
    const request = (overrides: Partial<PushRequest> = {}): PushRequest => ({
      id: '0DV5g0000000001AAA',
      packageVersionId: '04t5g0000000001AAA',
      packageId: '0335g0000000001AAA',
      packageName: 'Acme',
      versionName: 'Spring',
      versionNumber: '2.0.0',
      status: 'Failed',
      jobs: { ...emptyJobCounts(), Failed: 2, Succeeded: 1 },
      orgsScheduled: 3,
      ...overrides,
    });

    it("joins the LMO's licenses on the 15-character org id: names on error groups, and orgs already upgraded left out of the retry", () => {
      const licenses = [
        aLicense({ subscriberOrgId: toId18(org(1)), accountName: 'Globex', versionNumber: '2.0.0' }),
        aLicense({ subscriberOrgId: org(2), accountName: 'Initech', versionNumber: '1.9.0' }),
        // An uninstalled license's version does not count as the org's current version.
        aLicense({ subscriberOrgId: org(3), accountName: 'Umbrella', versionNumber: '2.1.0', status: 'Uninstalled' }),
        aLicense({ subscriberOrgId: org(3), accountName: 'Umbrella', versionNumber: '1.0.0' }),
      ];
      const subscribers = pushSubscribers(licenses);
      assert.equal(subscribers.get(org(1))?.versionNumber, '2.0.0');
      assert.equal(subscribers.get(org(3))?.versionNumber, '1.0.0');
      const jobs = [job(org(1), 'Failed'), job(toId18(org(2)), 'Failed'), job(org(3), 'Pending'), job(org(4), 'Succeeded')];
      const errors = [error(org(1), 'ApexTestFailure', 'x'), error(toId18(org(2)), 'ApexTestFailure', 'x')];
      const report = pushRequestReport(request(), jobs, errors, subscribers);
      assert.deepEqual(report.errorGroups[0].names, ['Globex', 'Initech']);
      assert.deepEqual(report.retryOrgKeys, [org(2), org(3)]);
      assert.deepEqual(report.alreadyUpgraded, [org(1)]);
      assert.equal(report.ended, true);
    });

    it('counts failed jobs over requests (what makes the command exit 1)', () => {
      assert.equal(failedJobCount([request(), request({ jobs: { ...emptyJobCounts(), Failed: 3 } })]), 5);
      assert.equal(failedJobCount([request({ jobs: emptyJobCounts() })]), 0);
    });
  });
  describe('retryOrgFileName', () => {
    it('names the file by the version and the 15-character request id, and keeps path characters out', () => {
      assert.equal(retryOrgFileName({ id: '0DV5g0000000002GAA', versionNumber: '2.3.0' }), 'push-retry-2.3.0-0DV5g0000000002.csv');
      assert.equal(retryOrgFileName({ id: '0DV5g0000000002', versionNumber: '../2.3 (beta)/' }), 'push-retry-2.3-0DV5g0000000002.csv');
      assert.equal(retryOrgFileName({ id: '0DV5g0000000002GAA', versionNumber: undefined }), 'push-retry-0DV5g0000000002.csv');
    });
  });
});

import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  explainPushUpgradeFailure,
  orgFileContent,
  orgFileName,
  pushUpgradeCandidates,
  pushUpgradeCommand,
  quoteArg,
} from '../../../src/core/linking/pushUpgrade';
import { SubscriberIndex } from '../../../src/core/linking/subscribers';
import { toId18 } from '../../../src/core/orgId';
import { aLicense, aSubscriber } from '../../support/builders';
import { HOSTILE_NAMES } from '../../support/hostile';

const CPQ_033 = '0335g0000000002AAA';
const target = { subscriberPackageVersionId: '04t5g0200000007AAA', versionNumber: '1.6.0', subscriberPackageId: CPQ_033 };

describe('push-upgrade hand-off', () => {
  describe('candidates', () => {
    it('takes orgs on older versions, once each, skipping uninstalled licenses and orgs already on the target or newer', () => {
      const old = aLicense({ subscriberOrgId: '00D5g00000AAAAA', versionNumber: '1.4.2' });
      const sameOrgOtherLicense = aLicense({ subscriberOrgId: toId18('00D5g00000AAAAA'), versionNumber: '1.0.0' });
      const current = aLicense({ subscriberOrgId: '00D5g00000BBBBB', versionNumber: '1.6.0' });
      const uninstalled = aLicense({ subscriberOrgId: '00D5g00000CCCCC', versionNumber: '1.0.0', status: 'Uninstalled' });
      const numeric = aLicense({ subscriberOrgId: '00D5g00000DDDDD', versionNumber: '1.10.0' });
      const picked = pushUpgradeCandidates([old, sameOrgOtherLicense, current, uninstalled, numeric], target);
      assert.deepEqual(
        picked.candidates.map((c) => [c.orgId, c.versionNumber]),
        [['00D5g00000AAAAA', '1.4.2']],
      );
      assert.deepEqual(picked.skipped, []);
    });

    it('keeps case twins as two orgs', () => {
      const a = aLicense({ subscriberOrgId: '00D5g00000Xabcd', versionNumber: '1.0.0' });
      const b = aLicense({ subscriberOrgId: '00D5g00000xabcd', versionNumber: '1.0.0' });
      assert.deepEqual(
        pushUpgradeCandidates([a, b], target).candidates.map((c) => c.orgId),
        ['00D5g00000Xabcd', '00D5g00000xabcd'],
      );
    });

    it('skips, saying why: a beta install, an org id that is not one, sandboxes when asked', () => {
      const beta = aLicense({ subscriberOrgId: '00D5g00000BETA1', versionNumber: '1.5.0', packageVersionId: 'a0V5g00000000BETA' });
      const bogus = aLicense({ subscriberOrgId: "00D'; rm -rf ~", versionNumber: '1.0.0' });
      const sandbox = aLicense({ subscriberOrgId: '00D5g00000SBX01', versionNumber: '1.0.0', isSandbox: true });
      const picked = pushUpgradeCandidates([beta, bogus, sandbox], target, { betaVersionRecordIds: new Set(['a0V5g00000000BETA']), includeSandboxes: false });
      assert.deepEqual(picked.candidates, []);
      assert.deepEqual(
        picked.skipped.map((s) => s.reason),
        ['not a valid org id', 'on beta 1.5.0: a beta cannot be upgraded'],
      );
      assert.equal(pushUpgradeCandidates([sandbox], target).candidates.length, 1, 'sandboxes are in by default');
    });

    it("with the packaging org's installs: skips orgs it does not see installed or sees inactive, trusts its version", () => {
      const ids = ['00D5g00000AAAAA', '00D5g00000BBBBB', '00D5g00000CCCCC', '00D5g00000DDDDD', '00D5g00000EEEEE'];
      const licenses = ids.map((id) => aLicense({ subscriberOrgId: id, versionNumber: '1.0.0' }));
      const installs = new SubscriberIndex([
        aSubscriber({ orgKey: toId18(ids[0]), subscriberPackageId: CPQ_033, subscriberPackageVersionId: '04t5g0200000005AAA' }),
        aSubscriber({ orgKey: toId18(ids[1]), subscriberPackageId: CPQ_033, installedStatus: 'u' }),
        aSubscriber({ orgKey: toId18(ids[2]), subscriberPackageId: CPQ_033, orgStatus: 'Inactive' }),
        aSubscriber({ orgKey: toId18(ids[3]), subscriberPackageId: CPQ_033, subscriberPackageVersionId: '04t5g0200000007AAA' }),
      ]);
      const picked = pushUpgradeCandidates(licenses, target, {
        installs,
        versionNumbers: new Map([
          ['04t5g0200000005', '1.4.2'],
          ['04t5g0200000007', '1.6.0'],
        ]),
      });
      assert.deepEqual(
        picked.candidates.map((c) => [c.orgId, c.versionNumber]),
        [[ids[0], '1.4.2']],
      );
      assert.deepEqual(
        picked.skipped.map((s) => [s.orgId, s.reason]),
        [
          [ids[1], 'the packaging org does not see the package installed there'],
          [ids[2], 'the org is inactive: inactive orgs cannot take push upgrades'],
          [ids[4], 'the packaging org does not see the package installed there'],
        ],
      );
    });
  });

  describe('the org file', () => {
    it('is one 15-character org id per line and nothing else (the sf command drops any other line)', () => {
      assert.equal(orgFileContent([{ orgId: '00D5g00000AAAAA' }, { orgId: '00D5g00000xabcd' }]), '00D5g00000AAAAA\n00D5g00000xabcd\n');
      assert.equal(orgFileContent([]), '');
      assert.throws(() => orgFileContent([{ orgId: toId18('00D5g00000AAAAA') }]), /Not a 15-character org id/);
      assert.throws(() => orgFileContent([{ orgId: '00D5g00000AAAA\n' }]), /Not a 15-character org id/);
    });

    it('has a name that says the version', () => {
      assert.equal(orgFileName(target), 'push-upgrade-1.6.0-04t5g0200000007.csv');
    });
  });

  describe('the command', () => {
    it('is exactly the documented flags, in order, with --start-time in UTC when given', () => {
      const command = pushUpgradeCommand({
        packageVersionId: '04t5g0200000007AAA',
        orgFile: 'orgs.csv',
        targetDevHub: 'acme-hub',
        startTime: '2026-04-01T21:00',
      });
      assert.equal(
        command.text,
        'sf package push-upgrade schedule --package 04t5g0200000007AAA --org-file orgs.csv --target-dev-hub acme-hub --start-time 2026-04-01T21:00:00',
      );
      const zoned = pushUpgradeCommand({ packageVersionId: '04t5g0200000007AAA', orgFile: 'o.csv', targetDevHub: 'h', startTime: '2026-04-01T23:00:00+02:00' });
      assert.equal(zoned.argv[zoned.argv.length - 1], '2026-04-01T21:00:00');
      assert.throws(
        () => pushUpgradeCommand({ packageVersionId: '04t5g0200000007AAA', orgFile: 'o.csv', targetDevHub: 'h', startTime: 'tomorrow' }),
        /UTC date and time/,
      );
    });

    it('refuses what cannot be passed safely: a non-04t id, control characters, an alias that reads as a flag', () => {
      const base = { packageVersionId: '04t5g0200000007AAA', orgFile: 'o.csv', targetDevHub: 'hub' };
      assert.throws(() => pushUpgradeCommand({ ...base, packageVersionId: '0335g0000000002AAA' }), /starts with 04t/);
      assert.throws(() => pushUpgradeCommand({ ...base, targetDevHub: 'hub\nrm -rf ~' }), /control characters/);
      assert.throws(() => pushUpgradeCommand({ ...base, targetDevHub: '--json' }), /read it as a flag/);
      assert.equal(pushUpgradeCommand({ ...base, orgFile: '-orgs.csv' }).argv[7], './-orgs.csv');
    });

    const hostileAliases = [
      "acme's hub",
      'hub; touch /tmp/lma-pwned',
      '$(touch /tmp/lma-pwned) `id` ${HOME}',
      'a"b\\c *? [x] {1,2} ~ #not-a-comment & | > <',
      'Müller — 株式会社 🚀',
      ...HOSTILE_NAMES.filter((n): n is string => typeof n === 'string'),
    ];

    it('quotes hostile aliases and paths so that a POSIX shell passes each through as one literal argument, or refuses them', function () {
      this.timeout(20_000);
      let passed = 0;
      for (const alias of hostileAliases) {
        let command;
        try {
          command = pushUpgradeCommand({ packageVersionId: '04t5g0200000007AAA', orgFile: `my orgs/${alias}.csv`, targetDevHub: alias });
        } catch (err) {
          // Only what cannot be passed safely: line breaks and other control characters, or a leading "-".
          assert.match((err as Error).message, /control characters|read it as a flag/, alias);
          continue;
        }
        // The shell runs the line with `sf` replaced by a function that prints what it received.
        const received = execFileSync('/bin/sh', ['-c', `sf() { printf '%s\\0' "$@"; }; ${command.text}`], { encoding: 'utf8' });
        assert.deepEqual(received.split('\0').slice(0, -1), command.argv.slice(1), alias);
        passed++;
      }
      assert.ok(passed >= hostileAliases.length - 2, `${passed} of ${hostileAliases.length} went through`);
    });

    it('quotes for PowerShell: single quotes doubled, typographic ones too; plain words left alone', () => {
      assert.equal(quoteArg('acme-hub', 'powershell'), 'acme-hub');
      assert.equal(quoteArg("acme's hub", 'powershell'), "'acme''s hub'");
      assert.equal(quoteArg('a\u2019b $(x)', 'powershell'), "'a\u2019\u2019b $(x)'");
      assert.equal(quoteArg('@splat', 'powershell'), "'@splat'");
      assert.equal(quoteArg('--package', 'powershell'), '--package');
      const command = pushUpgradeCommand({ packageVersionId: '04t5g0200000007AAA', orgFile: 'C:\\Users\\me\\orgs.csv', targetDevHub: 'hub; rm' }, 'powershell');
      assert.equal(
        command.text,
        "sf package push-upgrade schedule --package 04t5g0200000007AAA --org-file 'C:\\Users\\me\\orgs.csv' --target-dev-hub 'hub; rm'",
      );
    });
  });

  describe('when the command fails', () => {
    it('explains the 2GP security review and support case when the error is about push-upgrade access', () => {
      for (const output of [
        'Error (INSUFFICIENT_ACCESS): insufficient access rights on PackagePushRequest',
        'Push upgrades are not enabled for this package. Log a support case.',
        'FUNCTIONALITY_NOT_ENABLED: Push upgrade is not available for this org',
        'This package must pass security review before push upgrades.',
      ]) {
        const text = explainPushUpgradeFailure(output, '2gp');
        assert.match(text ?? '', /security review/, output);
        assert.match(text ?? '', /support case/);
        assert.match(text ?? '', /Nothing was pushed/);
      }
      const firstGeneration = explainPushUpgradeFailure('INSUFFICIENT_ACCESS on PackagePushRequest', '1gp') ?? '';
      assert.match(firstGeneration, /Upload AppExchange Packages/);
      assert.match(firstGeneration, /packaging org \(its Push Upgrades page or the PackagePushRequest API, not the Salesforce CLI\)/);
    });

    it('stays quiet about other failures', () => {
      for (const output of ['Error (NamedOrgNotFoundError): No authorization information found for hub.', 'ENOTFOUND login.salesforce.com', 'Invalid org file'])
        assert.equal(explainPushUpgradeFailure(output, '2gp'), undefined, output);
    });
  });
});

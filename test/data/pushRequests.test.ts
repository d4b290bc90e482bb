import * as assert from 'node:assert/strict';
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { MAX_PUSH_REQUESTS, PushRequestReader, toPushRequest } from '../../src/data/devHub/pushRequests';
import { emptyJobCounts } from '../../src/core/linking/pushStatus';
import type { OrgClient } from '../../src/data/org/orgClient';
import { MAX_WHERE_LENGTH, whereOf } from '../../src/data/org/soql';

const reader = new PushRequestReader({ target: { label: 'Hub' } } as unknown as OrgClient);

describe('push request SOQL', () => {
  it('filters by package, request and creation time, newest first, and parses as SOQL', () => {
    const text = reader.requestsSoql({ packageIds: ['0335g0000000001AAA'], requestId: '0DV5g0000000001', since: '2026-03-01T10:00:00.000Z' }, 20);
    assert.match(
      text,
      /WHERE PackageVersion\.MetadataPackageId IN \('0335g0000000001AAA'\) AND Id = '0DV5g0000000001' AND CreatedDate >= 2026-03-01T10:00:00Z ORDER BY CreatedDate DESC, Id DESC LIMIT 20$/,
    );
    assert.doesNotThrow(() => parseQuery(text));
  });

  it('the job counts of the most requests one list holds fit one WHERE clause', () => {
    const ids = Array.from({ length: MAX_PUSH_REQUESTS }, (_, i) => `0DV5g${String(i).padStart(10, '0')}AAA`);
    let sent = '';
    const counting = new PushRequestReader({
      target: { label: 'Hub' },
      query: async (soql: string) => {
        sent = soql;
        return { records: [], totalSize: 0, done: true };
      },
    } as unknown as OrgClient);
    return counting.jobCounts(ids).then(() => {
      assert.ok(whereOf(sent).length <= MAX_WHERE_LENGTH, `${whereOf(sent).length}`);
      assert.match(sent, /GROUP BY PackagePushRequestId, Status$/);
    });
  });

  it('reads a version number with its patch, and a request without one as major.minor.0', () => {
    const row = (patch?: number) => ({
      Id: '0DV5g0000000001AAA',
      PackageVersionId: '04t5g0000000001AAA',
      Status: 'Failed',
      PackageVersion: {
        Name: 'Spring',
        MajorVersion: 2,
        MinorVersion: 10,
        PatchVersion: patch,
        MetadataPackageId: '0335g0000000001AAA',
        MetadataPackage: { Name: 'Acme' },
      },
    });
    assert.equal(toPushRequest(row(3), emptyJobCounts())?.versionNumber, '2.10.3');
    assert.equal(toPushRequest(row(), emptyJobCounts())?.versionNumber, '2.10.0');
    assert.equal(toPushRequest({ ...row(), Status: 'Exploded' }, emptyJobCounts()), undefined);
  });
});

import * as assert from 'node:assert/strict';
import { calendarDate } from '../../../src/core/calendarDate';
import { metricsFromLicenses } from '../../../src/core/dashboard/fromLicenses';
import { metricsMarkdown, metricsRows } from '../../../src/core/dashboard/summary';
import { aLicense } from '../../support/builders';

const hostile = '<img src=x onerror=alert(1)> | **bold** `code` [link](javascript:x) \\ _x_\nline2';

describe('the install base as Markdown and CSV rows', () => {
  const pkg = {
    id: 'P1',
    name: hostile,
    packageId: undefined,
    developerName: undefined,
    developerOrgId: undefined,
    latestVersion: undefined,
    releaseDate: undefined,
    leadManagerId: undefined,
    lastLicenseRefresh: undefined,
  };
  const version = {
    id: 'V1',
    packageId: 'P1',
    name: 'v',
    versionNumber: '1.0.0 | x',
    versionId: undefined,
    releaseDate: undefined,
    isBeta: false,
    sequence: undefined,
  };
  const m = metricsFromLicenses([aLicense({ packageId: 'P1', packageVersionId: 'V1' })], [pkg], [version], {
    today: calendarDate('2026-03-10'),
    includeSandboxes: false,
    churnDays: 90,
  });

  it('escapes every org-supplied cell in the Markdown summary: no markup, no table breaks, one line', () => {
    const md = metricsMarkdown(m, { orgLabel: `Org ${hostile}`, scopeLabel: hostile });
    assert.ok(!/[^\\]<img/.test(md), 'no raw HTML');
    assert.ok(!/[^\\]\*\*bold/.test(md), 'no emphasis');
    assert.ok(!md.includes('\nline2'), 'customer text stays on one line');
    const cells = md.split('\n').filter((l) => l.startsWith('| ') && l.includes('img'));
    for (const row of cells) assert.equal(row.split(/(?<!\\)\|/).length, 6, `a table row keeps its columns: ${row}`);
    const versionRow = md.split('\n').find((l) => l.includes('1.0.0'));
    assert.ok(versionRow?.includes('1.0.0 \\| x'), `the version cell is escaped too: ${versionRow}`);
  });

  it('says where churn came from: approximated without history, history with it', () => {
    assert.match(metricsMarkdown(m, { orgLabel: 'o', scopeLabel: 's' }), /\(approx\.\)/);
    assert.match(metricsMarkdown(m, { orgLabel: 'o', scopeLabel: 's' }), /_Churn is approximated: License history could not be read/);
    const fromHistory = { ...m, churn: { ...m.churn, source: 'history' as const } };
    assert.doesNotMatch(metricsMarkdown(fromHistory, { orgLabel: 'o', scopeLabel: 's' }), /approx/);
    assert.match(metricsMarkdown(fromHistory, { orgLabel: 'o', scopeLabel: 's' }), /_Churn counts licenses whose License history shows a status change/);
    assert.deepEqual(
      metricsRows(m, { orgLabel: 'o', scopeLabel: 's' })
        .filter((r) => String(r[0]).startsWith('Churn'))
        .map((r) => r[0]),
      ['Churn (approximated)', 'Churn (approximated)'],
    );
  });
});

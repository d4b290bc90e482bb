/** The views' logic that needs no editor: org order in the pickers, filter descriptions, joining Subscribers pages. */
import * as assert from 'node:assert/strict';
import { describeFilter } from '../../src/core/filterDescription';
import { orderOrgs } from '../../src/core/orgOrder';
import { groupBySubscriberOrg, joinSubscriberPage } from '../../src/core/subscriberOrg';
import { aLicense } from '../support/builders';

const org = (username: string, aliases: string[] = [], isDevHub = false) => ({ username, aliases, isDevHub });

describe('org order in the pickers', () => {
  const orgs = [
    org('zed@x.com', ['zed']),
    org('hub@x.com', ['Hub'], true),
    org('lmo@x.com', ['acme-lmo']),
    org('bare@x.com'),
    org('other-hub@x.com', [], true),
  ];
  const names = (list: { username: string }[]) => list.map((o) => o.username);

  it("lists the project's target first (by alias or username), then by alias or username ignoring case", () => {
    assert.deepEqual(names(orderOrgs(orgs, 'zed')), ['zed@x.com', 'lmo@x.com', 'bare@x.com', 'hub@x.com', 'other-hub@x.com']);
    assert.deepEqual(names(orderOrgs(orgs, 'lmo@x.com')), ['lmo@x.com', 'bare@x.com', 'hub@x.com', 'other-hub@x.com', 'zed@x.com']);
    // acme-lmo, bare, Hub, other-hub, zed
    assert.deepEqual(names(orderOrgs(orgs, undefined)), ['lmo@x.com', 'bare@x.com', 'hub@x.com', 'other-hub@x.com', 'zed@x.com']);
  });

  it('puts Dev Hubs next when picking a Dev Hub, after the target, never when picking the LMO', () => {
    assert.deepEqual(names(orderOrgs(orgs, 'zed', 'devHub')), ['zed@x.com', 'hub@x.com', 'other-hub@x.com', 'lmo@x.com', 'bare@x.com']);
    assert.deepEqual(names(orderOrgs(orgs, 'nobody', 'lmo')).slice(0, 2), ['lmo@x.com', 'bare@x.com']);
  });

  it('leaves the list it was given as it was', () => {
    const copy = [...orgs];
    orderOrgs(orgs, 'zed', 'devHub');
    assert.deepEqual(orgs, copy);
  });
});

describe('filter descriptions', () => {
  const none = { statuses: [], includeSandboxes: true, includeExpired: true, search: '' };

  it('says nothing for a filter that narrows nothing', () => {
    assert.equal(describeFilter(none), '');
    assert.equal(describeFilter({ ...none, search: '   ' }), '');
  });

  it('names every narrowing part, in order, the search one line and shortened', () => {
    assert.equal(
      describeFilter({
        statuses: ['Active', 'Trial'],
        includeSandboxes: false,
        includeExpired: false,
        search: '  Acme\nCorp  ',
        expiringFrom: '2026-03-10',
        expiringTo: '2026-04-09',
      }),
      'Active, Trial · no sandboxes · no expired · expiring 2026-03-10 – 2026-04-09 · “Acme Corp”',
    );
    assert.equal(describeFilter({ ...none, expiredOnly: true }), 'expired only');
    assert.equal(describeFilter({ ...none, expiringFrom: '2026-03-10' }), '', 'a window needs both ends');
    const long = describeFilter({ ...none, search: 'x'.repeat(100) });
    assert.ok(long.length <= 42 && long.startsWith('“x'), long);
  });

  it('takes the words from the caller, so the editor can translate them', () => {
    const words = {
      noSandboxes: 'ohne Sandboxes',
      noExpired: 'ohne Abgelaufene',
      expiredOnly: 'nur Abgelaufene',
      expiring: (a: string, b: string) => `läuft ab ${a}–${b}`,
      search: (t: string) => `„${t}“`,
    };
    assert.equal(describeFilter({ ...none, includeSandboxes: false, search: 'acme' }, words), 'ohne Sandboxes · „acme“');
  });
});

describe('Subscribers pages joined', () => {
  it('joins an org whose licenses span two pages into one org, in its place, and appends new orgs in page order', () => {
    const a1 = aLicense({ subscriberOrgId: '00D5g00000AAAAA', accountName: 'Alpha' });
    const a2 = aLicense({ subscriberOrgId: '00D5g00000AAAAA', accountName: 'Alpha' });
    const b1 = aLicense({ subscriberOrgId: '00D5g00000BBBBB', accountName: 'Beta' });
    const b2 = aLicense({ subscriberOrgId: '00D5g00000BBBBBEAA'.slice(0, 15), accountName: 'Beta' });
    const c1 = aLicense({ subscriberOrgId: '00D5g00000CCCCC', accountName: 'Gamma' });
    const first = joinSubscriberPage([], [a1, a2, b1]);
    const second = joinSubscriberPage(first, [b2, c1]);
    assert.deepEqual(
      second.map((o) => [o.name, o.licenses.map((l) => l.id)]),
      [
        ['Alpha', [a1.id, a2.id]],
        ['Beta', [b1.id, b2.id]],
        ['Gamma', [c1.id]],
      ],
    );
    assert.equal(first[1].licenses.length, 1, 'the first page is left as it was');
    assert.deepEqual(second[1], groupBySubscriberOrg([b1, b2])[0], 'the joined org is what one page with all its licenses would give');
  });

  it('keeps case twins apart: an org id that differs only in letter case is another org', () => {
    const lower = aLicense({ subscriberOrgId: '00D5g00000abcde' });
    const upper = aLicense({ subscriberOrgId: '00D5g00000ABCDE' });
    assert.equal(joinSubscriberPage(joinSubscriberPage([], [lower]), [upper]).length, 2);
  });
});

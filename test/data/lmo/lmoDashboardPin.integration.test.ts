/**
 * Pinning the Home page through the real stack to the demo LMO (docs/salesforce/lmo-dashboard.md#pin):
 * the profile's metadata name resolved from its label, the assignment written with the app's other
 * settings as read and read back, Verify seeing it, undo once; an app in another namespace, a write
 * the org refuses, and a server error that leaves the outcome unknown.
 */
import * as assert from 'node:assert/strict';
import { deployPackage } from '../../../src/core/lmoDashboard/deployPackage';
import { generateLmoDashboard } from '../../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS } from '../../../src/core/lmoDashboard/options';
import { deployLmoDashboard } from '../../../src/data/lmo/lmoDashboardDeploy';
import { PinRefused, applyPin, planPinIn, readPinTarget, undoPin } from '../../../src/data/lmo/lmoDashboardPin';
import { readDeployedDashboard } from '../../../src/data/lmo/lmoDashboardReader';
import { type OrgClient } from '../../../src/data/org/orgClient';
import { control } from '../../../src/demo/http/controlRoutes';
import { type DemoLmo } from '../../../src/demo/http/server';
import { openDemo, requestsOf, startDemo } from '../../support/demoOrg';

describe('data: pinning the executives’ Home page (Tooling CustomApplication, demo LMO)', function () {
  this.timeout(60_000);
  const o = { ...DEFAULT_OPTIONS, churn: 'approximation' as const };
  let demo: DemoLmo;
  let client: OrgClient;
  let session: number;
  const salesApp = async () =>
    (
      await client.query<{ Metadata: Record<string, unknown> }>("SELECT Id, Metadata FROM CustomApplication WHERE DeveloperName = 'LightningSales' LIMIT 1", {
        tooling: true,
      })
    ).records[0].Metadata;

  before(async () => {
    demo = await startDemo({ licenses: 100 });
    ({ client, session } = await openDemo(demo));
  });
  after(() => demo.close());
  afterEach(() => demo.faults.reset());

  it('before the deploy: refused, naming the missing page; nothing written', async () => {
    const before = await salesApp();
    await assert.rejects(readPinTarget(client, o), (err: unknown) => err instanceof PinRefused && /LMA_Executive_Home is not in this org/.test(err.message));
    assert.deepEqual(await salesApp(), before);
  });

  it('writes the assignment under the profile’s metadata name (System Administrator is Admin), the app otherwise as read, in 6 calls; Verify sees it', async () => {
    const deployed = await deployLmoDashboard(client, deployPackage(generateLmoDashboard(o)));
    assert.equal(deployed.success, true, JSON.stringify(deployed.components.filter((c) => c.problem)));
    // Another profile's assignment is already there: it stays, and the read-back finds ours among them.
    control(demo, { action: 'activateHomePage', app: 'standard__LightningSales', profile: 'Standard User', page: 'LMA_Executive_Home' });
    const before = await salesApp();
    const { result, requests } = await requestsOf(demo, session, async () => {
      const { target, plan } = await planPinIn(client, o);
      assert.deepEqual([target.profile.name, target.profile.fullName, target.app.label], ['System Administrator', 'Admin', 'Sales']);
      assert.ok(plan.kind === 'assign');
      return applyPin(client, target, plan);
    });
    assert.deepEqual(result, { kind: 'pinned', verified: true });
    assert.deepEqual(
      requests.map((r) => r.method),
      ['GET', 'GET', 'GET', 'GET', 'PATCH', 'GET'],
      'three reads together, the metadata by Id, the write, the read back',
    );
    const { profileActionOverrides, ...rest } = (await salesApp()) as { profileActionOverrides: Record<string, unknown>[] };
    const { profileActionOverrides: had, ...restBefore } = before as { profileActionOverrides: unknown[] };
    assert.deepEqual(rest, restBefore);
    assert.equal(had.length, 1, "the other profile's assignment");
    assert.deepEqual(profileActionOverrides.slice(0, 1), had);
    assert.equal(profileActionOverrides.length, had.length + 1);
    assert.equal(profileActionOverrides.at(-1)?.profile, 'Admin');
    assert.equal((await readDeployedDashboard(client, o)).assigned, true, 'Verify knows Admin is System Administrator');
    assert.equal((await planPinIn(client, o)).plan.kind, 'already');
  });

  it('undo empties the slot again, once', async () => {
    const { target } = await planPinIn(client, o);
    const pin = {
      id: 'p',
      at: '',
      orgId: '',
      orgLabel: 'Demo LMO',
      appId: target.app.id,
      app: target.app.fullName,
      page: target.page,
      profile: target.profile,
      replaced: undefined,
    };
    assert.deepEqual(await undoPin(client, pin), { kind: 'restored', verified: true });
    assert.equal((await readDeployedDashboard(client, o)).assigned, false);
    const again = await undoPin(client, pin);
    assert.equal(again.kind, 'gone');
  });

  it('an undo the org refuses: in its words, the assignment still in place', async () => {
    const { target, plan } = await planPinIn(client, o);
    assert.ok(plan.kind === 'assign');
    assert.deepEqual(await applyPin(client, target, plan), { kind: 'pinned', verified: true });
    const pin = {
      id: 'q',
      at: '',
      orgId: '',
      orgLabel: 'Demo LMO',
      appId: target.app.id,
      app: target.app.fullName,
      page: target.page,
      profile: target.profile,
      replaced: undefined,
    };
    demo.faults.inject(
      { kind: 'apiError', status: 403, errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id' },
      { match: '/tooling/sobjects/CustomApplication/' },
    );
    const refused = await undoPin(client, pin);
    assert.equal(refused.kind, 'refused');
    assert.equal((await readDeployedDashboard(client, o)).assigned, true, 'still pinned');
    assert.deepEqual(await undoPin(client, pin), { kind: 'restored', verified: true });
  });

  it('an app of that name only in another namespace: refused, naming where it is', async () => {
    await assert.rejects(
      readPinTarget(client, { ...o, app: 'acme__LightningSales' }),
      (err: unknown) =>
        err instanceof PinRefused && /No app acme__LightningSales in this org \(an app LightningSales is there in the namespace standard\)\./.test(err.message),
    );
    // Without a namespace the app is an org's own: the standard one is not taken for it.
    await assert.rejects(
      readPinTarget(client, { ...o, app: 'LightningSales' }),
      /No app LightningSales in this org \(an app LightningSales is there in the namespace standard\)\./,
    );
    await assert.rejects(readPinTarget(client, { ...o, app: 'c__Nowhere' }), /No app c__Nowhere in this org\./);
    await assert.rejects(readPinTarget(client, { ...o, profile: 'Admin' }), /No profile named "Admin" in this org\./);
  });

  it('the org’s refusal is reported in its words and nothing changes; a server error is thrown (the outcome is unknown)', async () => {
    const before = await salesApp();
    const { target, plan } = await planPinIn(client, o);
    assert.ok(plan.kind === 'assign');
    demo.faults.inject(
      { kind: 'apiError', status: 400, errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Home page assignments need the app assignment.' },
      { match: '/tooling/sobjects/CustomApplication/' },
    );
    const refused = await applyPin(client, target, plan);
    assert.equal(refused.kind, 'refused');
    assert.match(refused.kind === 'refused' ? refused.message : '', /Home page assignments need the app assignment/);
    assert.deepEqual(await salesApp(), before);
    demo.faults.inject({ kind: 'serverError', status: 500 }, { match: '/tooling/sobjects/CustomApplication/' });
    await assert.rejects(applyPin(client, target, plan), (err: { kind?: string }) => err.kind === 'serverError');
  });
});

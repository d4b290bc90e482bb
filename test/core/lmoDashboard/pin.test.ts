/** Pinning the Home page (docs/salesforce/lmo-dashboard.md#pin): one override added to the app as read, and undone only while it is still ours. */
import * as assert from 'node:assert/strict';
import { type PinRecord, describeSlot, homeAssignment, planPin, planUnpin } from '../../../src/core/lmoDashboard/pin';

const ADMIN = { fullName: 'Admin', name: 'System Administrator' };
const EXECS = { fullName: 'Executives', name: 'Executives' };
const PAGE = 'LMA_Executive_Home';

/** An app as Tooling returns it: settings the product never looks at, and another profile's assignment. */
const app = (overrides: Record<string, unknown>[] = []) => ({
  fullName: 'standard__LightningSales',
  label: 'Sales',
  navType: 'Standard',
  tabs: ['standard-home', 'standard-Account'],
  utilityBar: 'Sales_UtilityBar',
  brand: { headerColor: '#0070D2' },
  profileActionOverrides: [homeAssignment('Sales_Home', 'Standard'), ...overrides],
});

describe('core/lmoDashboard/pin', () => {
  it('adds the assignment for the profile, keeping every other setting and every other profile’s assignment as read', () => {
    const plan = planPin(app(), PAGE, EXECS);
    assert.equal(plan.kind, 'assign');
    if (plan.kind !== 'assign') return;
    assert.equal(plan.replaces, undefined);
    const { profileActionOverrides, ...rest } = plan.metadata as { profileActionOverrides: unknown[] };
    const { profileActionOverrides: before, ...restBefore } = app();
    assert.deepEqual(rest, restBefore, 'the app otherwise as read');
    assert.deepEqual(profileActionOverrides, [...before, homeAssignment(PAGE, 'Executives')]);
  });

  it('replaces what the profile’s Home slot held (known by its full name or its label), and writes the full name', () => {
    const held = { ...homeAssignment('Old_Home', 'admin'), formFactor: null };
    const plan = planPin(app([held]), PAGE, ADMIN);
    assert.ok(plan.kind === 'assign');
    assert.deepEqual(plan.replaces, held);
    const list = (plan.metadata as { profileActionOverrides: Record<string, unknown>[] }).profileActionOverrides;
    assert.equal(list.filter((x) => x.profile === 'Admin' || x.profile === 'admin').length, 1, 'one assignment per profile slot');
    assert.equal(list.at(-1)?.content, PAGE);
    assert.equal(list.at(-1)?.profile, 'Admin');
    // The label written by a person (what older tooling did) is the same slot.
    const byLabel = planPin(app([homeAssignment('Old_Home', 'System Administrator')]), PAGE, ADMIN);
    assert.ok(byLabel.kind === 'assign' && byLabel.replaces?.content === 'Old_Home');
  });

  it('writes nothing when the page is already the profile’s Home page; another form factor or a record page is another slot', () => {
    assert.equal(planPin(app([homeAssignment(PAGE, 'EXECUTIVES')]), PAGE, EXECS).kind, 'already');
    const phone = { ...homeAssignment('Phone_Home', 'Executives'), formFactor: 'Small' };
    const record = {
      actionName: 'View',
      pageOrSobjectType: 'record-home',
      recordType: 'Account.Partner',
      type: 'Flexipage',
      content: 'Acct',
      profile: 'Executives',
    };
    const plan = planPin(app([phone, record]), PAGE, EXECS);
    assert.ok(plan.kind === 'assign');
    assert.equal(plan.replaces, undefined);
    assert.equal((plan.metadata as { profileActionOverrides: unknown[] }).profileActionOverrides.length, 4);
  });

  it('takes an app without overrides, and refuses metadata it could not read', () => {
    const plan = planPin({ fullName: 'c__Mine' }, PAGE, EXECS);
    assert.ok(plan.kind === 'assign');
    assert.deepEqual((plan.metadata as { profileActionOverrides: unknown[] }).profileActionOverrides, [homeAssignment(PAGE, 'Executives')]);
    for (const unreadable of [null, undefined, [], 'standard__LightningSales', 42])
      assert.throws(() => planPin(unreadable, PAGE, EXECS), /could not be read/, JSON.stringify(unreadable));
  });

  it('an entry that is not an override is no slot (and does not stop the plan)', () => {
    const plan = planPin({ profileActionOverrides: [null, 'junk', 7, homeAssignment(PAGE, 'Executives')] }, PAGE, EXECS);
    assert.equal(plan.kind, 'already');
  });

  it('the slot is the same with the form factor left out; another page type or action in it is replaced, not taken for ours', () => {
    const noFactor = { ...homeAssignment('Old_Home', 'Executives'), formFactor: undefined };
    const plan = planPin(app([noFactor]), PAGE, EXECS);
    assert.ok(plan.kind === 'assign');
    assert.deepEqual(plan.replaces, noFactor);
    for (const other of [
      { ...homeAssignment(PAGE, 'Executives'), type: 'Visualforce' },
      { ...homeAssignment(PAGE, 'Executives'), actionName: 'View' },
      { ...homeAssignment(PAGE, 'Someone') },
    ]) {
      const p = planPin(app([other]), PAGE, EXECS);
      assert.equal(p.kind, 'assign', JSON.stringify(other));
    }
  });

  describe('undo', () => {
    const record = (replaced?: Record<string, unknown>): PinRecord => ({
      id: 'p1',
      at: '2026-12-08T04:00:00.000Z',
      orgId: '00D000000000001',
      orgLabel: 'Demo',
      appId: '02u000000000001',
      app: 'standard__LightningSales',
      page: PAGE,
      profile: ADMIN,
      replaced,
    });

    it('puts back what the slot held, or empties it, leaving what changed elsewhere since', () => {
      const old = homeAssignment('Old_Home', 'Admin');
      const later = homeAssignment('Someone_Elses', 'Executives');
      const plan = planUnpin(app([homeAssignment(PAGE, 'Admin'), later]), record(old));
      assert.ok(plan.kind === 'restore');
      const list = (plan.metadata as { profileActionOverrides: Record<string, unknown>[] }).profileActionOverrides;
      assert.deepEqual(
        list.map((x) => x.content),
        ['Sales_Home', 'Someone_Elses', 'Old_Home'],
      );
      const emptied = planUnpin(app([homeAssignment(PAGE, 'Admin')]), record(undefined));
      assert.ok(emptied.kind === 'restore');
      assert.deepEqual(
        (emptied.metadata as { profileActionOverrides: Record<string, unknown>[] }).profileActionOverrides.map((x) => x.content),
        ['Sales_Home'],
      );
    });

    it('writes nothing when the slot no longer holds our page, and says what it holds', () => {
      const plan = planUnpin(app([homeAssignment('Newer_Home', 'Admin')]), record(undefined));
      assert.equal(plan.kind, 'gone');
      assert.equal(plan.kind === 'gone' && describeSlot(plan.now), 'the Lightning page Newer_Home');
      assert.equal(describeSlot(undefined), "the org's default Home page");
      assert.equal(describeSlot({ profile: 'Admin' }), "the org's default Home page", 'an override naming no page');
    });

    it('refuses metadata it could not read', () => {
      for (const unreadable of [null, undefined, [], 'x', 42])
        assert.throws(() => planUnpin(unreadable, record(undefined)), /could not be read/, JSON.stringify(unreadable));
    });
  });
});

/**
 * What the demo shows by purpose (src/demo/scenarios.ts): the showcase a partner shows a colleague
 * carries no attack strings, an LMA on its latest known release and no broken setup step; the
 * broken-setup tour breaks what the checklist should find; the tests' edge cases keep the hostile names.
 */
import * as assert from 'node:assert/strict';
import { DemoLmo } from '../../src/demo';
import { HOSTILE_NAMES } from '../../src/demo/catalog';
import { DEMO_LMA_VERSION } from '../../src/demo/http/server';

const HOSTILE = HOSTILE_NAMES.filter((n): n is string => typeof n === 'string' && n.trim() !== '');

async function namesOf(demo: DemoLmo): Promise<string[]> {
  return [...demo.store.rows('Account').map((a) => String(a.Name ?? '')), ...demo.store.rows('Lead').map((l) => String(l.Company ?? ''))];
}

describe('demo scenarios', () => {
  it('the showcase: plausible customer names only, the LMA on 1.20, no setup step broken', async () => {
    const demo = await DemoLmo.start({ licenses: 300, seed: 42, scenario: 'showcase' });
    try {
      const names = await namesOf(demo);
      assert.ok(names.length > 100, `${names.length} customer names`);
      const attacks = names.filter((n) => HOSTILE.includes(n));
      assert.deepEqual(attacks, [], 'no hostile name');
      assert.ok(
        names.every((n) => !/[<>=$'`{}\u202a-\u202e]/.test(n)),
        names.filter((n) => /[<>=$'`{}\u202a-\u202e]/.test(n)).join(' | '),
      );
      assert.equal(demo.lmaVersion, '1.20.0');
      assert.deepEqual(demo.setup, []);
    } finally {
      await demo.close();
    }
  });

  it('the broken-setup tour: the LMA behind and the default setup break, with plausible names', async () => {
    const demo = await DemoLmo.start({ licenses: 300, seed: 42, scenario: 'brokenSetup' });
    try {
      assert.equal(demo.lmaVersion, DEMO_LMA_VERSION);
      assert.ok(demo.setup.length > 0, 'a setup step broken on purpose');
      assert.deepEqual(
        (await namesOf(demo)).filter((n) => HOSTILE.includes(n)),
        [],
      );
    } finally {
      await demo.close();
    }
  });

  it("the tests' edge cases (DemoLmo's default): every hostile name heads the data; an explicit option overrides the scenario", async () => {
    const demo = await DemoLmo.start({ licenses: 300, seed: 42 });
    const overridden = await DemoLmo.start({ licenses: 300, seed: 42, scenario: 'showcase', lmaVersion: '1.17.0' });
    try {
      const names = new Set(await namesOf(demo));
      assert.deepEqual(
        HOSTILE.filter((n) => !names.has(n)),
        [],
        'every hostile name is a customer',
      );
      assert.equal(overridden.lmaVersion, '1.17.0');
    } finally {
      await demo.close();
      await overridden.close();
    }
  });
});

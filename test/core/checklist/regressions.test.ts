/** Which steps count as having regressed since the last check: what turns the status bar item red. */
import * as assert from 'node:assert/strict';
import { regressions, verdictsOf } from '../../../src/core/checklist/checklist';
import { check, cleanSignals, ok, step, valueOf } from './fixture';

describe('setup checklist regressions', () => {
  it('reports a step that was done and now is not, and nothing on the first check', () => {
    const before = verdictsOf(check());
    const [p] = valueOf(cleanSignals().packages);
    const after = check({ packages: ok([{ ...p, leadManager: { id: '1', name: 'X', active: false } }]) });
    assert.deepEqual(
      regressions(before, after).map((s) => s.id),
      ['packages'],
    );
    assert.deepEqual(regressions(undefined, after), []);
    assert.deepEqual(regressions(verdictsOf(after), after), []);
  });

  it('counts done → broken, missing or needing attention, but never done → cannot be verified (a step no API can check is no worse)', () => {
    const c = check();
    // Step 5 reads "cannot be verified" today; a check from before that change remembered it as done.
    assert.equal(step(c, 'dashboard').verdict, 'unverifiable');
    assert.equal(step(c, 'provisioning').verdict, 'unverifiable');
    const allDone = { lmo: 'done', lmaApp: 'done', packages: 'done', provisioning: 'done', dashboard: 'done', billing: 'done' } as const;
    assert.deepEqual(regressions(allDone, c), [], 'two steps now cannot be verified: no regression');
    // With no baseline the LMA's version cannot be compared: step 2 goes from done to "cannot be verified".
    const noBaseline = check({}, { baseline: undefined });
    assert.equal(step(noBaseline, 'lmaApp').verdict, 'unverifiable');
    assert.deepEqual(regressions(allDone, noBaseline), []);
    // Worse verdicts are regressions, each for its own step.
    const [p] = valueOf(cleanSignals().packages);
    const broken = check({ packages: ok([{ ...p, leadManager: { id: '1', name: 'X', active: false } }]) });
    assert.equal(step(broken, 'packages').verdict, 'broken');
    assert.deepEqual(
      regressions(allDone, broken).map((s) => s.id),
      ['packages'],
    );
    const missing = check({ packages: ok([]) });
    assert.equal(step(missing, 'packages').verdict, 'missing');
    assert.deepEqual(
      regressions(allDone, missing).map((s) => s.id),
      ['packages'],
    );
    const org = valueOf(cleanSignals().org);
    const attention = check({ org: ok({ ...org, edition: 'Developer Edition' }), installed: ok([{ namespace: 'sfLma', name: 'LMA', version: '1.20.0' }]) });
    assert.equal(step(attention, 'lmo').verdict, 'attention');
    assert.deepEqual(
      regressions(allDone, attention).map((s) => s.id),
      ['lmo'],
    );
    // A step that was not done before is no regression, however it reads now.
    assert.deepEqual(regressions({ ...allDone, packages: 'attention' }, broken), []);
  });
});

/** Which churn report `lmo-dashboard generate` writes and the reason it gives (docs/salesforce/lmo-dashboard.md#is-license-status-history-tracked). */
import * as assert from 'node:assert/strict';
import { churnFromTracking, churnWithoutOrg, parseChurnFlag } from '../../../src/core/lmoDashboard/churnChoice';
import { LmoDashboardOptionsError } from '../../../src/core/lmoDashboard/options';

describe('lmo-dashboard churn choice', () => {
  const fresh = { mode: 'approximation' as const, remembered: false };
  const rememberedHistory = { mode: 'history' as const, remembered: true };

  it('parses auto, history, approximation; refuses anything else', () => {
    assert.equal(parseChurnFlag(undefined), undefined);
    assert.equal(parseChurnFlag('auto'), 'auto');
    assert.equal(parseChurnFlag('history'), 'history');
    assert.throws(() => parseChurnFlag('History'), LmoDashboardOptionsError);
  });

  it('a flag wins, with or without an org', () => {
    assert.deepEqual(churnWithoutOrg('history', false, fresh), { mode: 'history', source: 'flag', reason: '--churn history' });
    assert.equal(churnWithoutOrg('approximation', true, rememberedHistory)?.mode, 'approximation');
  });

  it('an org given and no flag (or auto): detect', () => {
    assert.equal(churnWithoutOrg(undefined, true, rememberedHistory), undefined);
    assert.equal(churnWithoutOrg('auto', true, fresh), undefined);
  });

  it('no org: the remembered mode or the approximation, saying no org was given; auto without an org is refused', () => {
    const d = churnWithoutOrg(undefined, false, fresh);
    assert.equal(d?.mode, 'approximation');
    assert.equal(d?.source, 'default');
    assert.match(d?.reason ?? '', /no org given/);
    assert.equal(churnWithoutOrg(undefined, false, rememberedHistory)?.source, 'remembered');
    assert.equal(churnWithoutOrg(undefined, false, rememberedHistory)?.mode, 'history');
    assert.throws(() => churnWithoutOrg('auto', false, fresh), /--target-org/);
  });

  it('detected: history only when tracked; not tracked or unknown give the approximation with the reason', () => {
    assert.equal(churnFromTracking({ tracked: true, how: 'FieldDefinition says so' }).mode, 'history');
    const off = churnFromTracking({ tracked: false, how: 'FieldDefinition says so' });
    assert.equal(off.mode, 'approximation');
    assert.match(off.reason, /not tracked/);
    const unknown = churnFromTracking({ tracked: undefined, reason: 'Cannot tell (INVALID_TYPE).' });
    assert.deepEqual([unknown.mode, unknown.source], ['approximation', 'detected']);
    assert.match(unknown.reason, /INVALID_TYPE.*approximation/);
  });
});

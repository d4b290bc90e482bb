/**
 * The change feed's delivery rules, as functions (docs/feed-service.md, "Outcomes"): which HTTP answers count as
 * delivered, retried or permanent, how Retry-After is read, and which webhook secrets are accepted.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { classifyStatus, parseRetryAfter } from '../../src/cli/changes/retry';
import { webhookKey } from '../../src/cli/changes/webhook';

describe('Change feed delivery rules', () => {
  const now = Date.parse('2026-03-10T10:00:00Z');

  it('only a 2xx is delivered; 408, 429 and 5xx are retried; any other answer is permanent, a 410 saying the endpoint is gone', () => {
    assert.deepEqual(classifyStatus(200, undefined, now), { kind: 'delivered' });
    assert.deepEqual(classifyStatus(299, undefined, now), { kind: 'delivered' });
    assert.deepEqual(classifyStatus(300, undefined, now), { kind: 'permanent', error: 'HTTP 300' });
    assert.deepEqual(classifyStatus(199, undefined, now), { kind: 'permanent', error: 'HTTP 199' });
    assert.deepEqual(classifyStatus(404, undefined, now), { kind: 'permanent', error: 'HTTP 404' });
    assert.deepEqual(classifyStatus(410, undefined, now), { kind: 'permanent', error: 'HTTP 410 (the endpoint is gone)' });
    for (const status of [408, 429, 500, 503]) assert.equal(classifyStatus(status, undefined, now).kind, 'retry', String(status));
    assert.deepEqual(classifyStatus(503, '12', now), { kind: 'retry', error: 'HTTP 503', retryAfterMs: 12_000 });
  });

  it('reads Retry-After as whole seconds (spaces around allowed) or an HTTP date, and nothing else', () => {
    assert.equal(parseRetryAfter(' 7 ', now), 7_000);
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('Tue, 10 Mar 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 10 Mar 2026 09:00:00 GMT', now), 0, 'a date in the past: at once');
    // Not delay-seconds, not an HTTP-date: our own back-off, never "at once" (Date.parse reads "1.5" as 2001-01-05).
    for (const odd of ['7s', 'x7', '', undefined, '1.5', '-3', '2026-03-10']) assert.equal(parseRetryAfter(odd, now), undefined, String(odd));
  });

  it('takes the secret with or without the whsec_ prefix and spaces around it; refuses anything that is not base64', () => {
    const bytes = randomBytes(32);
    const base64 = bytes.toString('base64');
    assert.deepEqual(webhookKey(`whsec_${base64}`, 'S'), bytes);
    assert.deepEqual(webhookKey(`  whsec_${base64}\n`, 'S'), bytes);
    assert.deepEqual(webhookKey(base64, 'S'), bytes);
    assert.throws(() => webhookKey(`whsec_!${base64}`, 'S'), /at least 24 random bytes/);
    assert.throws(() => webhookKey(`whsec_${base64}!`, 'S'), /at least 24 random bytes/);
    assert.throws(() => webhookKey('', 'S'), /S .*empty or not set/);
  });
});

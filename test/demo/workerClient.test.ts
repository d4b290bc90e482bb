/**
 * The demo in a worker thread, as the editor and the command line start it: ready with its URL,
 * steered by control requests, stopped on purpose without an alarm, and never leaving a caller
 * waiting on a worker that has ended.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { demoHeapMb, startDemoWorker } from '../../src/demo/workerClient';

const WORKER = join(__dirname, '..', '..', 'src', 'demo', 'worker.js');

describe('the demo LMO in a worker thread', function () {
  this.timeout(60_000);

  it('starts, answers control requests, and after stop() refuses them at once, without calling onExit', async () => {
    const exits: Error[] = [];
    const demo = await startDemoWorker(WORKER, { licenses: 100, seed: 3 }, { onExit: (err) => exits.push(err) });
    assert.match(demo.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const issued = await demo.control<{ accessToken: string }>({ action: 'issueAccessToken' });
    assert.match(issued.accessToken, /^00D/);
    await assert.rejects(demo.control({ action: 'no such action' }), /./, 'a refused request rejects with the demo’s message');
    await demo.stop();
    await assert.rejects(demo.control({ action: 'state' }), /stopped/);
    assert.deepEqual(exits, [], 'a stop on purpose is not reported as the demo dying');
  });

  it('stops a worker that is still starting, when asked, and says so', async () => {
    const starting = new AbortController();
    const started = startDemoWorker(WORKER, { licenses: 100_000, seed: 3 }, { signal: starting.signal });
    starting.abort();
    await assert.rejects(started, /stopped before it started/);
  });

  it('refuses options the demo refuses, before it listens', async () => {
    await assert.rejects(startDemoWorker(WORKER, { licenses: 5 }), /100 to 1,000,000 licenses/);
  });

  it('sizes the heap for the demo: 2 GB at least, 8 GB for a million licenses', () => {
    assert.equal(demoHeapMb(100), 2048);
    assert.equal(demoHeapMb(1_000_000), 8000);
  });
});

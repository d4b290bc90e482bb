/**
 * Starts the demo LMO in a worker thread and talks to it: the editor and the command line both run
 * it there, so generating a large demo never blocks them, and the demo gets a heap sized for its
 * licenses (a million licenses need more than Node's default heap). The worker's message port
 * carries only the demo's control requests; everything else goes over HTTP, as to any org.
 */
import { Worker } from 'node:worker_threads';
import { type DemoLmoOptions } from './http/demoOptions';

/** A control request to the demo (the same actions as its /__demo/control route). */
export interface DemoControlRequest {
  readonly action: string;
  readonly [key: string]: unknown;
}

export interface DemoWorker {
  readonly url: string;
  readonly username: string;
  readonly orgId: string;
  /** Steers the demo; rejects with the demo's error message. */
  control<T = Record<string, unknown>>(request: DemoControlRequest): Promise<T>;
  /** Stops the worker (and the demo's server with it). */
  stop(): Promise<void>;
}

interface Ready {
  readonly type: 'ready';
  readonly url: string;
  readonly username: string;
  readonly orgId: string;
}
type Reply = { readonly type: 'reply'; readonly id: number; readonly ok: boolean; readonly result: unknown; readonly error?: string };

/** The old-generation heap a demo of this size gets: about 8 MB per thousand licenses, never less than 2 GB. */
export function demoHeapMb(licenses: number): number {
  return Math.max(2048, Math.ceil(licenses / 1000) * 8);
}

export interface DemoWorkerOptions {
  /** Hears of a worker that ends by itself after it was ready (not of one stopped through `stop()`). */
  readonly onExit?: (err: Error) => void;
  /** Stops a worker that is still starting (a large demo takes a while to generate). */
  readonly signal?: AbortSignal;
}

/**
 * Starts `workerFile` (dist/demoWorker.js) with these options. Resolves when the demo listens;
 * rejects if the worker fails or exits first, or if `signal` aborts before then.
 */
export function startDemoWorker(workerFile: string, options: DemoLmoOptions, { onExit, signal }: DemoWorkerOptions = {}): Promise<DemoWorker> {
  if (signal?.aborted) return Promise.reject(new Error('The demo LMO was stopped before it started.'));
  const worker = new Worker(workerFile, {
    workerData: options,
    resourceLimits: { maxOldGenerationSizeMb: demoHeapMb(options.licenses ?? 2000) },
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let ready = false;
  let stopping = false;
  /** Why the worker ended: every later control request is refused with it. */
  let ended: Error | undefined;
  const stop = async () => {
    stopping = true;
    await worker.terminate();
  };
  return new Promise<DemoWorker>((resolve, reject) => {
    const onAbort = () => {
      void stop();
      reject(new Error('The demo LMO was stopped before it started.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (err: Error) => {
      // A failing worker reports an error and then its exit: the first says why.
      if (ended) return;
      ended = stopping ? new Error('The demo LMO was stopped.') : err;
      signal?.removeEventListener('abort', onAbort);
      for (const p of pending.values()) p.reject(ended);
      pending.clear();
      if (!ready) reject(err);
      else if (!stopping) onExit?.(err);
    };
    worker.on('message', (message: Ready | Reply) => {
      if (message.type === 'ready') {
        ready = true;
        signal?.removeEventListener('abort', onAbort);
        resolve({
          url: message.url,
          username: message.username,
          orgId: message.orgId,
          control: <T>(request: DemoControlRequest) =>
            new Promise<T>((res, rej) => {
              // A worker that has ended drops messages: refuse at once, with the reason it ended.
              if (ended) return rej(ended);
              const id = nextId++;
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              worker.postMessage({ id, request });
            }),
          stop,
        });
        return;
      }
      const entry = pending.get(message.id);
      if (!entry) return;
      pending.delete(message.id);
      if (message.ok) entry.resolve(message.result);
      else entry.reject(new Error(message.error ?? 'demo control failed'));
    });
    worker.once('error', (err: Error & { code?: string }) =>
      fail(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(
              `The demo LMO ran out of memory with ${(options.licenses ?? 2000).toLocaleString('en-US')} licenses (its heap: ${demoHeapMb(options.licenses ?? 2000).toLocaleString('en-US')} MB).`,
            )
          : err,
      ),
    );
    worker.once('exit', (code) => fail(new Error(`The demo LMO stopped (exit ${code}).`)));
  });
}

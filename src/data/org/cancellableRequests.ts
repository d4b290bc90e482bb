/**
 * Which cancellable call a request belongs to. jsforce takes no abort signal per call, so the org
 * client starts each call inside an async context holding the call's signal; the dispatcher that
 * sends jsforce's requests (cancellableDispatcher.ts, loaded with the Salesforce stack) reads it
 * there. This module is light on purpose: the editor loads it at activation.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One context for the process, whichever bundle (extension, Salesforce stack, CLI) loads this module first. */
const KEY = Symbol.for('lma-workbench.callSignal');
const registry = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<AbortSignal | undefined> };
const callSignal = (registry[KEY] ??= new AsyncLocalStorage<AbortSignal | undefined>());

/**
 * Runs `start` (which starts a jsforce call) so that the call's requests are aborted when `signal`
 * fires. A call without a signal clears any signal of the code around it: it is not that call's.
 */
export function withCancellableRequests<T>(signal: AbortSignal | undefined, start: () => T): T {
  return callSignal.run(signal, start);
}

/** The signal of the call the current code runs for, if it has one. */
export function currentCallSignal(): AbortSignal | undefined {
  return callSignal.getStore();
}

/** The page side of the typed request/response protocol, for any panel. */
import type { HostToPage, PageToHost, RequestMap } from '../protocol/envelope';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export class RequestError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

export interface Rpc<R extends RequestMap> {
  request<K extends keyof R & string>(name: K, params: R[K]['params']): Promise<R[K]['result']>;
  onReload(listener: () => void): void;
  getState<S>(): S | undefined;
  setState<S>(state: S): void;
}

/** Call once per page. */
export function createRpc<R extends RequestMap>(): Rpc<R> {
  const api = acquireVsCodeApi();
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const reloadListeners: (() => void)[] = [];
  window.addEventListener('message', (event: MessageEvent<HostToPage>) => {
    const message = event.data;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'reload') {
      for (const listener of reloadListeners) listener();
      return;
    }
    if (message.type !== 'response') return;
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new RequestError(message.error.message, message.error.kind));
  });
  return {
    request(name, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        api.postMessage({ type: 'request', id, name, params });
      });
    },
    onReload(listener) {
      reloadListeners.push(listener);
    },
    getState<S>() {
      return api.getState() as S | undefined;
    },
    setState(state) {
      api.setState(state);
    },
  };
}

/** The page side of the typed request/response protocol. */
import type { DashboardRequests, HostToPage, PageToHost, RequestName } from '../protocol';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export const vscode = acquireVsCodeApi();

export class RequestError extends Error {
  constructor(
    message: string,
    readonly kind: string,
  ) {
    super(message);
  }
}

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

export function request<K extends RequestName>(name: K, params: DashboardRequests[K]['params']): Promise<DashboardRequests[K]['result']> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    vscode.postMessage({ type: 'request', id, name, params });
  });
}

export function onReload(listener: () => void): void {
  reloadListeners.push(listener);
}

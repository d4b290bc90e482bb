/** Small building blocks every panel uses: buttons, message boxes, toasts, guarded requests. */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { h } from './dom';
import { RequestError } from './rpc';

export function button(label: string, onClick: () => void, opts: { secondary?: boolean; icon?: string; id?: string; title?: string } = {}): HTMLElement {
  const b = h('vscode-button', { id: opts.id, secondary: opts.secondary, icon: opts.icon, title: opts.title });
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

export function message(kind: 'info' | 'error' | 'warning', title: string, text: string, ...actions: HTMLElement[]): HTMLElement {
  return h(
    'section',
    { class: `message ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('h2', { text: title }),
    h('p', { text }),
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
  );
}

export function showToast(text: string, kind: 'info' | 'error'): void {
  const toast = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status', text });
  document.body.append(toast);
  setTimeout(() => toast.remove(), 6000);
}

/** Runs a request; a failure becomes a toast (a cancellation says nothing). */
export async function run<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
  try {
    return await task();
  } catch (err) {
    if (err instanceof RequestError && err.kind === 'cancelled') return undefined;
    showToast(`${what} failed: ${(err as Error).message}`, 'error');
    return undefined;
  }
}

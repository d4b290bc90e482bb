/**
 * What a card that loads after the numbers shows while it is not ready: loading (with Cancel),
 * cancelled (with a button to load it), or failed (with Retry). Feature adoption and Seat usage
 * share it; each names its own words and buttons (their ids are what the tests and keyboard reach).
 */
import { h } from '../../shared/dom';
import { button, message } from '../../shared/ui';

export type Pending = 'loading' | 'cancelled' | { readonly error: string };

export interface PendingWords {
  readonly loading: string;
  readonly cancel: { readonly id: string; run(): void };
  readonly cancelled: string;
  readonly load: { readonly label: string; readonly id: string; run(): void };
  readonly errorTitle: string;
  retry(): void;
}

/** Whether a card's state is one of the three not-ready ones. */
export function isPending(state: unknown): state is Pending {
  return state === 'loading' || state === 'cancelled' || (typeof state === 'object' && state !== null && 'error' in state);
}

export function pendingBody(state: Pending, words: PendingWords): HTMLElement[] {
  if (state === 'loading')
    return [
      h(
        'div',
        { class: 'loading inline', role: 'status' },
        h('vscode-progress-ring', {}),
        h('span', { text: words.loading }),
        button('Cancel', () => words.cancel.run(), { secondary: true, id: words.cancel.id }),
      ),
    ];
  if (state === 'cancelled')
    return [h('p', { class: 'hint', text: words.cancelled }), button(words.load.label, () => words.load.run(), { secondary: true, id: words.load.id })];
  return [
    message(
      'error',
      words.errorTitle,
      state.error,
      button('Retry', () => words.retry()),
    ),
  ];
}

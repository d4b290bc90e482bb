/** Builds DOM from data safely: text only ever goes in through textContent, never as markup. */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: Record<string, string | boolean | number | undefined>,
  ...children: Child[]
): HTMLElementTagNameMap[K];
export function h(tag: string, props?: Record<string, string | boolean | number | undefined>, ...children: Child[]): HTMLElement;
export function h(tag: string, props: Record<string, string | boolean | number | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') el.textContent = String(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Element, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

export const fmt = (n: number) => n.toLocaleString('en-US');
export const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);

/**
 * A data table: the text alternative of every chart. With `action`, each row gets a button
 * doing what clicking its chart segment does, so keyboard and screen-reader users can too.
 */
export function table(
  caption: string,
  headers: string[],
  rows: (string | number)[][],
  numeric: boolean[] = [],
  action?: { label: string; run: (index: number) => void },
): HTMLTableElement {
  return h(
    'table',
    { class: 'data-table' },
    h('caption', { text: caption }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...headers.map((t, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : undefined, text: t })),
        action ? h('th', { scope: 'col', text: '' }) : null,
      ),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r, index) => {
        const cells = r.map((c, i) =>
          h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: numeric[i] ? 'num' : undefined, text: typeof c === 'number' ? fmt(c) : c }),
        );
        if (action) {
          const b = h('button', { class: 'link', type: 'button', text: action.label, 'aria-label': `${action.label}: ${String(r[0])}` });
          b.addEventListener('click', () => action.run(index));
          cells.push(h('td', {}, b));
        }
        return h('tr', {}, ...cells);
      }),
    ),
  );
}

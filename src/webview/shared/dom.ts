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
 * A data table: the text alternative of every chart. With `action`, each row's label (its first
 * cell) is a button doing what clicking its chart segment does, so keyboard and screen-reader
 * users can too; `action.label` is its tooltip and names it for assistive technology. The label,
 * not an extra column: a column of buttons at the right is the first thing a narrow editor cuts off.
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
    h('thead', {}, h('tr', {}, ...headers.map((t, i) => h('th', { scope: 'col', class: numeric[i] ? 'num' : undefined, text: t })))),
    h(
      'tbody',
      {},
      ...rows.map((r, index) => {
        const text = (c: string | number) => (typeof c === 'number' ? fmt(c) : c);
        const cells = r.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: numeric[i] ? 'num' : undefined, text: text(c) }));
        if (action && cells[0]) {
          const b = h('button', {
            class: 'link row-action',
            type: 'button',
            title: action.label,
            'aria-label': `${action.label}: ${text(r[0])}`,
            text: text(r[0]),
          });
          b.addEventListener('click', () => action.run(index));
          cells[0].replaceChildren(b);
        }
        return h('tr', {}, ...cells);
      }),
    ),
  );
}

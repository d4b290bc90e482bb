/**
 * Tables that read at any editor width: words wrap only between words, numbers and dates never
 * wrap, and a table wider than its card scrolls sideways inside it — saying so (a shadow at the
 * edge and a line of text). Row buttons are the rows' labels, in the first column (shared/dom.ts
 * table), so they show whole at any width.
 */
import { h } from '../shared/dom';

/** Marks the columns whose cells never wrap (numbers, dates, short labels). */
export function keepWhole(table: HTMLTableElement, columns: readonly number[]): HTMLTableElement {
  for (const row of table.rows) {
    const cells = [...row.cells];
    for (const i of columns) cells[i]?.classList.add('nowrap');
  }
  return table;
}

/**
 * Lets a table's text wrap only between words: each word of each cell goes in a span that never
 * wraps (a browser otherwise breaks after a hyphen or a dash, inside a date or "0–30"). Text
 * nodes only, so what a cell says and how it is read out do not change.
 */
const LONGEST_WORD = 30;

export function wholeWords(table: HTMLTableElement): HTMLTableElement {
  const walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) if (/[-‐–—/]/.test((node as Text).data)) texts.push(node as Text);
  for (const text of texts)
    text.replaceWith(
      ...text.data
        .split(/(\s+)/)
        .map((part) => (/^\s*$/.test(part) || part.length > LONGEST_WORD ? document.createTextNode(part) : h('span', { class: 'word', text: part }))),
    );
  return table;
}

const watched = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const target = entry.target as HTMLElement;
    const box = target.classList.contains('table-scroll') ? target : target.parentElement;
    if (box) markScrollable(box);
  }
});

function markScrollable(box: HTMLElement): void {
  const wider = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle('scrollable', wider);
  const note = box.previousElementSibling;
  if (note?.classList.contains('scroll-note')) (note as HTMLElement).hidden = !wider;
}

/**
 * A table in a box that scrolls sideways when the table is wider than the card: focusable (the
 * keyboard scrolls it), and marked while it is wider (the note above and the edge shadow show).
 * `box` is an existing scroll box (a chart card's table view); otherwise one is made.
 */
export function scrolling(table: HTMLTableElement, label: string, box: HTMLElement = h('div')): HTMLElement[] {
  box.classList.add('table-scroll');
  box.setAttribute('role', 'region');
  box.setAttribute('aria-label', label);
  box.tabIndex = 0;
  box.append(wholeWords(table));
  box.addEventListener('scroll', () => box.classList.toggle('at-end', box.scrollLeft + box.clientWidth >= box.scrollWidth - 1), { passive: true });
  watched.observe(box);
  watched.observe(table);
  const note = h('p', { class: 'hint scroll-note', hidden: true, text: 'Wider than this editor: scroll the table sideways to see every column.' });
  return [note, box];
}

/** The frame of every chart card: a title, an optional hint, the chart, and its data table (the text alternative) one click away. */
import { h } from '../../shared/dom';

export function chartCard(title: string, id: string, draw: (canvas: HTMLCanvasElement) => void, tableEl: HTMLTableElement, hint?: string): HTMLElement {
  const canvas = h('canvas', { id: `${id}-chart` });
  const tableBox = h('div', { class: 'table-box', hidden: true }, tableEl);
  const chartBox = h('div', { class: 'chart-box' }, canvas);
  const toggle = h('button', { class: 'link', type: 'button', 'aria-expanded': 'false', 'aria-controls': `${id}-table`, text: 'Show table' });
  tableBox.id = `${id}-table`;
  toggle.addEventListener('click', () => {
    const showTable = tableBox.hidden;
    tableBox.hidden = !showTable;
    chartBox.hidden = showTable;
    toggle.textContent = showTable ? 'Show chart' : 'Show table';
    toggle.setAttribute('aria-expanded', String(showTable));
  });
  const el = h(
    'figure',
    { class: 'card', id },
    h('figcaption', {}, h('h2', { text: title }), toggle),
    hint ? h('p', { class: 'hint', text: hint }) : null,
    chartBox,
    tableBox,
  );
  requestAnimationFrame(() => draw(canvas));
  return el;
}

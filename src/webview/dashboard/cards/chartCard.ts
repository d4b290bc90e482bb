/**
 * The frame of every chart card: a title, the line that says what the chart counts (its one unit,
 * which the value axis names too), an optional hint, the chart, and its data table (the text
 * alternative) one click away.
 */
import { h } from '../../shared/dom';
import { scrolling } from '../tables';

export interface ChartCardSpec {
  readonly title: string;
  readonly id: string;
  /** What the chart counts, by what ("Licenses renewing, by 30-day window"): names the chart's one unit. */
  readonly subtitle: string;
  readonly draw: (canvas: HTMLCanvasElement) => void;
  readonly table: HTMLTableElement;
  readonly hint?: string;
  /** Controls beside the title (a unit toggle). */
  readonly controls?: HTMLElement;
}

export function chartCard(spec: ChartCardSpec): HTMLElement {
  const { id } = spec;
  const canvas = h('canvas', { id: `${id}-chart` });
  const tableBox = h('div', { class: 'table-box', hidden: true });
  const chartBox = h('div', { class: 'chart-box' }, canvas);
  const toggle = h('button', { class: 'link', type: 'button', 'aria-expanded': 'false', 'aria-controls': `${id}-table`, text: 'Show table' });
  tableBox.id = `${id}-table`;
  const [note] = scrolling(spec.table, spec.title, tableBox);
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
    h('figcaption', {}, h('h2', { text: spec.title }), h('span', { class: 'card-actions' }, spec.controls ?? null, toggle)),
    h('p', { class: 'subtitle', id: `${id}-subtitle`, text: spec.subtitle }),
    spec.hint ? h('p', { class: 'hint', text: spec.hint }) : null,
    chartBox,
    note,
    tableBox,
  );
  canvas.setAttribute('aria-describedby', `${id}-subtitle`);
  requestAnimationFrame(() => spec.draw(canvas));
  return el;
}

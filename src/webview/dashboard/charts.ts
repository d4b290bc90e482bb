/** Chart.js, themed from VS Code's colour variables, with clickable segments. */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

/**
 * Where each segment is drawn, on the canvas as `data-segments` (JSON, [x, y] per label in CSS
 * pixels from the canvas's corner): the point a click on that segment lands on. Tests click there
 * rather than guessing a layout; it names positions only, no data.
 */
const segmentPositions = {
  id: 'segmentPositions',
  afterRender(chart: Chart) {
    const count = chart.data.labels?.length ?? 0;
    const points: ([number, number] | null)[] = [];
    for (let index = 0; index < count; index++) {
      // The dataset with the largest value at this label: its element is the visible one.
      let best: { value: number; dataset: number } | undefined;
      chart.data.datasets.forEach((d, dataset) => {
        const value = Number(d.data[index] ?? 0);
        if (chart.isDatasetVisible(dataset) && value > 0 && (!best || value > best.value)) best = { value, dataset };
      });
      const element = best ? chart.getDatasetMeta(best.dataset).data[index] : undefined;
      // Bars and arcs know their centre; the base element type does not say so.
      const point = (element as unknown as { getCenterPoint?: (final: boolean) => { x: number; y: number } } | undefined)?.getCenterPoint?.(true);
      points.push(point ? [Math.round(point.x), Math.round(point.y)] : null);
    }
    chart.canvas.dataset.segments = JSON.stringify(points);
  },
};

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip, segmentPositions);

const cssVar = (name: string, fallback: string) => getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;

export function palette(): { series: string[]; text: string; grid: string; font: string } {
  return {
    series: [
      cssVar('--vscode-charts-blue', '#3794ff'),
      cssVar('--vscode-charts-green', '#89d185'),
      cssVar('--vscode-charts-yellow', '#cca700'),
      cssVar('--vscode-charts-orange', '#d18616'),
      cssVar('--vscode-charts-red', '#f14c4c'),
      cssVar('--vscode-charts-purple', '#b180d7'),
      cssVar('--vscode-charts-foreground', '#cccccc'),
    ],
    text: cssVar('--vscode-foreground', '#cccccc'),
    grid: cssVar('--vscode-panel-border', 'rgba(128,128,128,0.35)'),
    font: cssVar('--vscode-font-family', 'sans-serif'),
  };
}

export interface BarSpec {
  readonly labels: string[];
  readonly datasets: { label: string; data: number[]; color?: string }[];
  readonly horizontal?: boolean;
  readonly stacked?: boolean;
  readonly ariaLabel: string;
  /** What a bar counts, in words ("licenses"): the value axis's title, and the canvas's `data-unit`. */
  readonly unit: string;
  /** Values are percentages (axis ticks get a % sign). */
  readonly percent?: boolean;
  /** Called with the index of the clicked category. */
  readonly onClick?: (index: number) => void;
}

const live = new Set<Chart>();

export function destroyCharts(): void {
  for (const chart of live) chart.destroy();
  live.clear();
}

function reducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function barChart(canvas: HTMLCanvasElement, spec: BarSpec): Chart {
  const p = palette();
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', spec.ariaLabel);
  canvas.dataset.unit = spec.unit;
  const unitTitle = { display: true, text: spec.unit, color: p.text, font: { family: p.font } };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.datasets.map((d, i) => ({ label: d.label, data: d.data, backgroundColor: d.color ?? p.series[i % p.series.length], borderWidth: 0 })),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 250 },
      plugins: { legend: { display: spec.datasets.length > 1, labels: { color: p.text, font: { family: p.font } } }, tooltip: { enabled: true } },
      scales: {
        // An explicit `callback: undefined` would replace Chart.js's label formatting: add it only for percentages.
        x: {
          stacked: spec.stacked,
          beginAtZero: true,
          ...(spec.percent && spec.horizontal ? { max: 100 } : {}),
          ticks: { color: p.text, font: { family: p.font }, ...(spec.percent && spec.horizontal ? { callback: (v: string | number) => `${v}%` } : {}) },
          grid: { color: p.grid },
          ...(spec.horizontal ? { title: unitTitle } : {}),
        },
        y: {
          stacked: spec.stacked,
          beginAtZero: true,
          ticks: { color: p.text, font: { family: p.font }, precision: 0 },
          grid: { color: p.grid },
          ...(spec.horizontal ? {} : { title: unitTitle }),
        },
      },
      onClick: (_event, elements) => {
        const first = elements[0];
        if (first && spec.onClick) spec.onClick(first.index);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length && spec.onClick ? 'pointer' : 'default';
      },
    },
  };
  const chart = new Chart(canvas, config);
  live.add(chart);
  return chart;
}

export function doughnutChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  data: number[],
  colors: string[],
  ariaLabel: string,
  unit: string,
  onClick?: (index: number) => void,
): Chart {
  const p = palette();
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', ariaLabel);
  canvas.dataset.unit = unit;
  const chart = new Chart(canvas, {
    type: 'doughnut',
    data: { labels, datasets: [{ data, backgroundColor: colors, borderColor: cssVar('--vscode-editor-background', '#1e1e1e'), borderWidth: 2 }] },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reducedMotion() ? false : { duration: 250 },
      plugins: { legend: { position: 'right', labels: { color: p.text, font: { family: p.font } } } },
      onClick: (_event, elements) => {
        const first = elements[0];
        if (first && onClick) onClick(first.index);
      },
    },
  });
  live.add(chart);
  return chart;
}

/** Puts other numbers in a drawn (vertical) bar chart with one dataset: a unit toggle. */
export function showBars(chart: Chart, numbers: { readonly unit: string; readonly label: string; readonly data: number[]; readonly ariaLabel: string }): void {
  const canvas = chart.canvas;
  canvas.setAttribute('aria-label', numbers.ariaLabel);
  canvas.dataset.unit = numbers.unit;
  chart.data.datasets[0].label = numbers.label;
  chart.data.datasets[0].data = numbers.data;
  const y = chart.options.scales?.y;
  if (y && 'title' in y && y.title) y.title.text = numbers.unit;
  chart.update();
}

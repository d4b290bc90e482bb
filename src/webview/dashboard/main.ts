/**
 * The Install-Base Dashboard page: loads the numbers for the scope the toolbar sets and lays out
 * the toolbar, the key figures and the cards (one module each under cards/). Renders what the
 * extension host sends; never builds HTML from data.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import { DEFAULT_DASHBOARD_OPTIONS, type DashboardOptions, type DashboardRequests, type DashboardState, isDashboardOptions } from '../protocol/dashboard';
import { append, h } from '../shared/dom';
import { RequestError, createRpc } from '../shared/rpc';
import { button, message, run, showToast } from '../shared/ui';
import { editionsCard } from './cards/editions';
import { FeatureAdoption } from './cards/featureAdoption';
import { installsCard } from './cards/installs';
import { renewalsCard } from './cards/renewals';
import { renewingNextCard } from './cards/renewingNext';
import { SeatUsage } from './cards/seatUsage';
import { statusMixCard } from './cards/statusMix';
import { versionAdoptionCard } from './cards/versionAdoption';
import { destroyCharts } from './charts';
import { keyFigures } from './keyFigures';
import type { DashboardPage, Ready } from './page';
import { toolbar } from './toolbar';

const rpc = createRpc<DashboardRequests>();
const app = document.getElementById('app') as HTMLElement;
const saved = rpc.getState<DashboardState>();
let options: DashboardOptions = saved && isDashboardOptions(saved.options) ? saved.options : DEFAULT_DASHBOARD_OPTIONS;
let current: Ready | undefined;
let loading = 0;

const page: DashboardPage = {
  rpc,
  options: () => options,
  setOptions(next) {
    options = { ...options, ...next };
    rpc.setState({ options } satisfies DashboardState);
    void load();
  },
  load: () => void load(),
  showInTree(target) {
    void run('Show in tree', async () => {
      const { shown } = await rpc.request('showInTree', target);
      if (shown) showToast('Shown in the LMA sidebar.', 'info');
    });
  },
};
const features = new FeatureAdoption(page, app);
const usage = new SeatUsage(page, app);

function render(view: Ready): void {
  const m = view.metrics;
  destroyCharts();
  app.replaceChildren();
  app.setAttribute('aria-busy', 'false');
  append(app, toolbar(page, view));
  if (view.stale)
    append(
      app,
      message(
        'warning',
        'Showing older numbers',
        `Refreshing failed: ${view.stale.message} These numbers were loaded at ${new Date(view.loadedAt).toLocaleTimeString()}.`,
        button('Retry', () => void load()),
      ),
    );
  const total = m.statusMix.reduce((s, x) => s + x.licenses, 0);
  if (total === 0) {
    append(
      app,
      message(
        'info',
        'No licenses yet',
        'No license matches this scope. Once a package linked to this LMO is installed, Salesforce creates a License record and it shows here.',
      ),
    );
    return;
  }
  append(app, keyFigures(m));
  append(
    app,
    h(
      'section',
      { class: 'grid' },
      renewalsCard(page, m),
      versionAdoptionCard(page, m),
      installsCard(m),
      statusMixCard(page, m),
      editionsCard(m),
      renewingNextCard(page, view),
      features.card(),
      usage.card(),
    ),
  );
}

function skeleton(): void {
  destroyCharts();
  app.replaceChildren(
    toolbar(page, current),
    h('section', { class: 'kpis' }, ...Array.from({ length: 6 }, () => h('div', { class: 'kpi skeleton', 'aria-hidden': 'true' }))),
    h('section', { class: 'grid' }, ...Array.from({ length: 4 }, () => h('div', { class: 'card skeleton', 'aria-hidden': 'true' }))),
    h(
      'div',
      { class: 'loading', role: 'status' },
      h('vscode-progress-ring', {}),
      h('span', { text: 'Loading the install base…' }),
      button('Cancel', () => void rpc.request('cancelLoad', {}), { secondary: true, id: 'cancel-load' }),
    ),
  );
  app.setAttribute('aria-busy', 'true');
}

/** While numbers already show: a line under the toolbar that says a refresh is running, with Cancel. */
function refreshing(): void {
  document.getElementById('refreshing')?.remove();
  const line = h(
    'div',
    { class: 'loading inline', role: 'status', id: 'refreshing' },
    h('vscode-progress-ring', {}),
    h('span', { text: 'Refreshing…' }),
    button('Cancel', () => void rpc.request('cancelLoad', {}), { secondary: true, id: 'cancel-load' }),
  );
  app.querySelector('header.toolbar')?.after(line);
}

async function load(): Promise<void> {
  const ticket = ++loading;
  const asked = options;
  features.abandon();
  usage.abandon();
  if (!current) skeleton();
  else {
    app.setAttribute('aria-busy', 'true');
    refreshing();
  }
  try {
    const view = await rpc.request('load', options);
    if (ticket !== loading) return;
    if (view.state === 'ready') {
      current = view;
      render(view);
      void features.load(asked);
      void usage.load(asked);
      return;
    }
    current = undefined;
    destroyCharts();
    app.replaceChildren(
      toolbar(page, undefined),
      view.state === 'notConnected'
        ? message(
            'info',
            'Not connected',
            'Connect to your License Management Org from the LMA view, or run "LMA: Connect to an LMO…" or "LMA: Explore the Demo LMO" from the command palette.',
          )
        : message('warning', 'The License Management App is not available', view.message),
    );
    app.setAttribute('aria-busy', 'false');
  } catch (err) {
    if (ticket !== loading) return;
    if (err instanceof RequestError && err.kind === 'cancelled') {
      // Cancelled: keep what was shown; without numbers yet, say so and offer to load again.
      if (current) render(current);
      else
        app.replaceChildren(
          toolbar(page, undefined),
          message(
            'info',
            'Loading cancelled',
            'The install base was not loaded.',
            button('Load', () => void load(), { id: 'retry' }),
          ),
        );
      app.setAttribute('aria-busy', 'false');
      return;
    }
    destroyCharts();
    app.replaceChildren(
      toolbar(page, current),
      message(
        'error',
        'Could not load the dashboard',
        (err as Error).message,
        button('Retry', () => void load(), { id: 'retry' }),
      ),
    );
    app.setAttribute('aria-busy', 'false');
  }
}

// Charts take their colours from the theme: redraw when it changes.
new MutationObserver(() => {
  if (current) render(current);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

rpc.onReload(() => void load());
void load();

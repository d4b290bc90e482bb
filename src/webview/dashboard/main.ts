/** The Install-Base Dashboard page. Renders what the extension host sends; never builds HTML from data. */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { PackageAdoption } from '../../core/features/adoption';
import type { InstallBaseMetrics, PackageVersionAdoption, StatusMixKey } from '../../core/dashboard/installBaseMetrics';
import {
  DEFAULT_DASHBOARD_OPTIONS,
  type DashboardOptions,
  type DashboardRequests,
  type DashboardState,
  type DashboardView,
  type FeatureAdoptionView,
  type TreeTarget,
  isDashboardOptions,
} from '../protocol/dashboard';
import { append, fmt, h, pct, table } from '../shared/dom';
import { RequestError, createRpc } from '../shared/rpc';
import { button, message, run, showToast } from '../shared/ui';
import { barChart, destroyCharts, doughnutChart, palette } from './charts';

type Ready = Extract<DashboardView, { state: 'ready' }>;

const rpc = createRpc<DashboardRequests>();
const request = rpc.request;
const app = document.getElementById('app') as HTMLElement;
const saved = rpc.getState<DashboardState>();
let options: DashboardOptions = saved && isDashboardOptions(saved.options) ? saved.options : DEFAULT_DASHBOARD_OPTIONS;
let current: Ready | undefined;
let loading = 0;
/** The Feature adoption card's data: loaded after the numbers, kept across re-renders (theme changes). */
let features: FeatureAdoptionView | 'loading' | 'cancelled' | { readonly error: string } | undefined;
let featuresLoading = 0;
/** The scope of the numbers on screen: the feature card always shows this scope. */
let shownOptions: DashboardOptions = options;

function setOptions(next: Partial<DashboardOptions>): void {
  options = { ...options, ...next };
  rpc.setState({ options } satisfies DashboardState);
  void load();
}

function toolbar(view: Ready | undefined): HTMLElement {
  const pkgSelect = h('vscode-single-select', { id: 'package', 'aria-label': 'Package' }) as HTMLElement & { value: string };
  append(pkgSelect, h('vscode-option', { value: '', text: 'All packages', selected: options.packageId === '' }));
  for (const p of view?.packages ?? []) append(pkgSelect, h('vscode-option', { value: p.id, text: p.name, selected: options.packageId === p.id }));
  pkgSelect.addEventListener('change', () => setOptions({ packageId: pkgSelect.value }));

  const churn = h('vscode-single-select', { id: 'churn', 'aria-label': 'Churn period' }) as HTMLElement & { value: string };
  for (const d of [30, 60, 90, 180, 365]) append(churn, h('vscode-option', { value: String(d), text: `${d} days`, selected: options.churnDays === d }));
  churn.addEventListener('change', () => setOptions({ churnDays: Number(churn.value) }));

  const sandboxes = h('vscode-checkbox', { id: 'sandboxes', label: 'Include sandboxes', checked: options.includeSandboxes }) as HTMLElement & {
    checked: boolean;
  };
  sandboxes.addEventListener('change', () => setOptions({ includeSandboxes: sandboxes.checked }));

  const meta = view
    ? h(
        'p',
        { class: 'meta' },
        `${view.orgLabel}${view.isDemo ? ' (demo data)' : ''} · as of ${view.metrics.options.today} · loaded ${new Date(view.loadedAt).toLocaleTimeString()} · ${view.apiCalls} API calls`,
      )
    : null;
  return h(
    'header',
    { class: 'toolbar' },
    h('h1', { text: 'Install base' }),
    h(
      'div',
      { class: 'controls' },
      h('label', { class: 'field' }, h('span', { text: 'Package' }), pkgSelect),
      h('label', { class: 'field' }, h('span', { text: 'Churn period' }), churn),
      sandboxes,
    ),
    h(
      'div',
      { class: 'actions' },
      button('Refresh', () => void load(), { icon: 'refresh', id: 'refresh' }),
      button('Copy Summary as Markdown', () => void run('Copy', () => request('copySummary', options)), { secondary: true, icon: 'copy', id: 'copy-summary' }),
      button('Export Metrics', () => void run('Export', () => request('exportMetrics', options)), {
        secondary: true,
        icon: 'desktop-download',
        id: 'export-metrics',
      }),
      button('Export Licenses', () => void run('Export', () => request('exportLicenses', options)), {
        secondary: true,
        icon: 'desktop-download',
        id: 'export-licenses',
      }),
    ),
    meta,
  );
}

function kpi(label: string, value: string, detail?: string, note?: string): HTMLElement {
  return h(
    'div',
    { class: 'kpi', role: 'group', 'aria-label': label },
    h('div', { class: 'kpi-label', text: label }),
    h('div', { class: 'kpi-value', text: value }),
    detail ? h('div', { class: 'kpi-detail', text: detail }) : null,
    note ? h('div', { class: 'kpi-note', text: note }) : null,
  );
}

/** A chart card with its data table (the text alternative) one click away. */
function card(title: string, id: string, draw: (canvas: HTMLCanvasElement) => void, tableEl: HTMLTableElement, hint?: string): HTMLElement {
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

function showInTree(target: TreeTarget): void {
  void run('Show in tree', async () => {
    const { shown } = await request('showInTree', target);
    if (shown) showToast('Shown in the LMA sidebar.', 'info');
  });
}

function versionCard(m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  if (!options.packageId) {
    const pkgs = m.versionAdoption;
    return card(
      'Version adoption',
      'version-adoption',
      (canvas) =>
        barChart(canvas, {
          labels: pkgs.map((x) => x.packageName),
          datasets: [
            { label: 'Live licenses on the latest version', data: pkgs.map((x) => Math.round((x.shareOnLatest ?? 0) * 1000) / 10), color: p.series[1] },
          ],
          horizontal: true,
          percent: true,
          ariaLabel: `Share of live licenses on the latest released version, per package: ${pkgs.map((x) => `${x.packageName} ${pct(x.shareOnLatest)}`).join(', ')}`,
          onClick: (i) => setOptions({ packageId: pkgs[i].packageId }),
        }),
      table(
        'Share of live licenses on the latest released version',
        ['Package', 'Latest version', 'Live licenses', 'On latest'],
        pkgs.map((x) => [x.packageName, x.latestVersion ?? '—', x.live, pct(x.shareOnLatest)]),
        [false, false, true, true],
        { label: 'Show versions', run: (i) => setOptions({ packageId: pkgs[i].packageId }) },
      ),
      "Percent of live licenses on each package's latest released version. Click a package to see its versions.",
    );
  }
  const adoption = m.versionAdoption[0] as PackageVersionAdoption | undefined;
  const versions = adoption?.versions ?? [];
  return card(
    `Version adoption — ${adoption?.packageName ?? ''}`,
    'version-adoption',
    (canvas) =>
      barChart(canvas, {
        labels: versions.map((v) => `${v.versionNumber}${v.isBeta ? ' β' : ''}`),
        datasets: [{ label: 'Live licenses', data: versions.map((v) => v.live) }],
        ariaLabel: `Live licenses per version of ${adoption?.packageName ?? ''}: ${versions.map((v) => `${v.versionNumber} ${v.live}`).join(', ')}`,
        onClick: (i) => adoption && showInTree({ kind: 'version', packageId: adoption.packageId, versionId: versions[i].versionId }),
      }),
    table(
      `Live licenses per version (latest released: ${adoption?.latestVersion ?? '—'}, ${pct(adoption?.shareOnLatest)} on it)`,
      ['Version', 'Live licenses'],
      versions.map((v) => [`${v.versionNumber}${v.isBeta ? ' (beta)' : ''}${v.versionNumber === adoption?.latestVersion ? ' (latest)' : ''}`, v.live]),
      [false, true],
      adoption
        ? { label: 'Show in sidebar', run: (i) => showInTree({ kind: 'version', packageId: adoption.packageId, versionId: versions[i].versionId }) }
        : undefined,
    ),
    `${pct(adoption?.shareOnLatest)} of live licenses run the latest released version ${adoption?.latestVersion ?? '—'}. Click a bar to show those licenses in the sidebar.`,
  );
}

const STATUS_COLORS: Record<StatusMixKey, number> = { Active: 1, Trial: 0, Expired: 4, Suspended: 3, Uninstalled: 6, Other: 5 };

function render(view: Ready): void {
  const m = view.metrics;
  destroyCharts();
  app.replaceChildren();
  app.setAttribute('aria-busy', 'false');
  append(app, toolbar(view));
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
  append(
    app,
    h(
      'section',
      { class: 'kpis', 'aria-label': 'Key figures' },
      kpi('Active subscribers', fmt(m.activeSubscribers), 'orgs with a live Active license'),
      kpi('Trial subscribers', fmt(m.trialSubscribers), 'live Trial, no live Active'),
      kpi('Live licenses', fmt(m.liveLicenses), 'Active or Trial, not expired'),
      kpi('Seats', `${fmt(m.usedSeats)} / ${fmt(m.seats)}`, `${pct(m.utilisation)} used (per-seat licenses)`),
      kpi('Site licenses', fmt(m.siteLicenses), 'live, counted apart from seats'),
      kpi(
        // The label says it too, as the Markdown summary's does: the note under the figure may be skipped.
        `Churn, ${m.churn.periodDays} days${m.churn.source === 'history' ? '' : ' (approx.)'}`,
        fmt(m.churn.churned),
        `rate ${pct(m.churn.rate)}`,
        m.churn.source === 'history'
          ? 'From License history: licenses whose status changed to Uninstalled or Suspended in the period.'
          : 'Approximated: License history could not be read, so this counts Uninstalled or Suspended licenses last modified in the period (the LMA rewrites records on every sync, so it over-counts).',
      ),
    ),
  );
  const p = palette();
  append(
    app,
    h(
      'section',
      { class: 'grid' },
      card(
        'Renewal pipeline',
        'renewals',
        (canvas) =>
          barChart(canvas, {
            labels: m.renewals.map((b) => b.label),
            datasets: [{ label: 'Licenses', data: m.renewals.map((b) => b.licenses), color: p.series[2] }],
            ariaLabel: `Licenses renewing: ${m.renewals.map((b) => `${b.label} ${b.licenses} licenses, ${b.seats} seats`).join('; ')}`,
            onClick: (i) => showInTree({ kind: 'renewals', from: m.renewals[i].from, to: m.renewals[i].to }),
          }),
        table(
          'Live, non-perpetual licenses expiring in the next 90 days',
          ['Due in', 'From', 'To', 'Licenses', 'Seats'],
          m.renewals.map((b) => [b.label, b.from, b.to, b.licenses, b.seats]),
          [false, false, false, true, true],
          { label: 'Show in sidebar', run: (i) => showInTree({ kind: 'renewals', from: m.renewals[i].from, to: m.renewals[i].to }) },
        ),
        `Seats: ${m.renewals.map((b) => `${b.label} ${fmt(b.seats)}`).join(' · ')}. Click a bar to list those licenses.`,
      ),
      versionCard(m),
      card(
        'Installs by month',
        'installs',
        (canvas) =>
          barChart(canvas, {
            labels: m.installsByMonth.map((x) => x.month),
            datasets: [{ label: 'Installs', data: m.installsByMonth.map((x) => x.installs), color: p.series[0] }],
            ariaLabel: `Installs per month, last 12 months: ${m.installsByMonth.map((x) => `${x.month} ${x.installs}`).join(', ')}`,
          }),
        table(
          'Licenses by install month, last 12 months',
          ['Month', 'Installs'],
          m.installsByMonth.map((x) => [x.month, x.installs]),
          [false, true],
        ),
      ),
      card(
        'Status mix',
        'status-mix',
        (canvas) =>
          doughnutChart(
            canvas,
            m.statusMix.map((s) => s.status),
            m.statusMix.map((s) => s.licenses),
            m.statusMix.map((s) => p.series[STATUS_COLORS[s.status]]),
            `Licenses by status: ${m.statusMix.map((s) => `${s.status} ${s.licenses}`).join(', ')}`,
            (i) => {
              const status = m.statusMix[i].status;
              if (status !== 'Other') showInTree({ kind: 'status', status });
            },
          ),
        table(
          'Licenses in scope by status (Expired: Active or Trial past their expiration)',
          ['Status', 'Licenses'],
          m.statusMix.map((s) => [s.status, s.licenses]),
          [false, true],
          {
            label: 'Show in sidebar',
            run: (i) => {
              const status = m.statusMix[i].status;
              if (status !== 'Other') showInTree({ kind: 'status', status });
            },
          },
        ),
        'Click a slice to list those licenses.',
      ),
      card(
        'Subscribers by edition',
        'editions',
        (canvas) =>
          barChart(canvas, {
            labels: m.subscribersByEdition.map((e) => e.edition),
            datasets: [{ label: 'Subscribers', data: m.subscribersByEdition.map((e) => e.subscribers), color: p.series[5] }],
            horizontal: true,
            ariaLabel: `Subscriber orgs with a live license, by edition: ${m.subscribersByEdition.map((e) => `${e.edition} ${e.subscribers}`).join(', ')}`,
          }),
        table(
          'Distinct subscriber orgs with a live license, by org edition',
          ['Edition', 'Subscribers'],
          m.subscribersByEdition.map((e) => [e.edition, e.subscribers]),
          [false, true],
        ),
      ),
      renewingNextCard(view),
      featureAdoptionCard(),
    ),
  );
}

const SET_BY: Record<PackageAdoption['parameters'][number]['direction'], string> = {
  LmoToSubscriber: 'You (LMO → subscriber)',
  SubscriberToLmo: 'Customers report it (subscriber → LMO, up to 24 h old)',
};

function adoptionTable(pkg: PackageAdoption): HTMLElement {
  return h(
    'table',
    { class: 'data-table adoption' },
    h('caption', { text: `${pkg.packageName} · ${fmt(pkg.liveLicenses)} live licenses` }),
    h('thead', {}, h('tr', {}, ...['Parameter', 'Type', 'Set by', 'Adoption'].map((t) => h('th', { scope: 'col', text: t })))),
    h(
      'tbody',
      {},
      ...pkg.parameters.map((p) => {
        const bar = h('span', { class: 'share-bar', 'aria-hidden': 'true' }, h('span', { class: 'share-fill' }));
        // A width through the CSSOM, which the page's Content Security Policy allows (no style markup).
        (bar.firstChild as HTMLElement).style.width = `${Math.round((p.share ?? 0) * 100)}%`;
        return h(
          'tr',
          { 'data-parameter': p.name },
          h('th', { scope: 'row', text: p.name }),
          h('td', { text: p.dataType }),
          h('td', { text: SET_BY[p.direction] }),
          h('td', {}, h('div', { class: 'adoption-cell' }, p.share !== undefined ? bar : null, h('span', { text: p.summary }))),
        );
      }),
    ),
  );
}

/** Feature adoption per package: what is on where, and what customers report. */
function featureAdoptionCard(): HTMLElement | null {
  if (features === undefined) return null;
  const body: (HTMLElement | null)[] = [];
  if (features === 'loading')
    body.push(
      h(
        'div',
        { class: 'loading inline', role: 'status' },
        h('vscode-progress-ring', {}),
        h('span', { text: 'Loading feature parameters…' }),
        button('Cancel', () => void rpc.request('cancelFeatures', {}), { secondary: true, id: 'cancel-features' }),
      ),
    );
  else if (features === 'cancelled')
    body.push(
      h('p', { class: 'hint', text: 'Feature adoption was not loaded.' }),
      button('Load', () => void loadFeatures(shownOptions), { secondary: true, id: 'load-features' }),
    );
  else if ('error' in features)
    body.push(
      message(
        'error',
        'Could not load feature adoption',
        features.error,
        button('Retry', () => void loadFeatures(shownOptions)),
      ),
    );
  else if (features.state === 'notConnected') return null;
  else if (features.state === 'fmaMissing') body.push(h('p', { class: 'hint', text: features.message }));
  else if (!features.packages.length && !features.failed.length) body.push(h('p', { class: 'hint', text: 'No package in scope has feature parameters.' }));
  else {
    body.push(
      h('p', { class: 'hint', text: 'Boolean parameters: the share of live licenses with the parameter on. Integer and Date: how the values spread.' }),
    );
    for (const pkg of features.packages) body.push(adoptionTable(pkg));
  }
  if (typeof features === 'object' && 'state' in features && features.state === 'ready')
    for (const f of features.failed)
      body.push(
        message(
          'warning',
          `Could not read ${f.packageName}`,
          f.message,
          button('Retry', () => void loadFeatures(shownOptions)),
        ),
      );
  return h('section', { class: 'card wide', id: 'feature-adoption', 'aria-label': 'Feature adoption' }, h('h2', { text: 'Feature adoption' }), ...body);
}

function showFeatureCard(): void {
  const card = featureAdoptionCard();
  const old = document.getElementById('feature-adoption');
  if (old && card) old.replaceWith(card);
  else if (old) old.remove();
  else if (card) app.querySelector('section.grid')?.append(card);
}

async function loadFeatures(scope: DashboardOptions): Promise<void> {
  const ticket = ++featuresLoading;
  features = 'loading';
  showFeatureCard();
  try {
    const view = await request('loadFeatures', scope);
    if (ticket !== featuresLoading) return;
    features = view;
  } catch (err) {
    if (ticket !== featuresLoading) return;
    features = err instanceof RequestError && err.kind === 'cancelled' ? 'cancelled' : { error: (err as Error).message };
  }
  showFeatureCard();
}

/** The licenses that renew next, by name: customer text, rendered as text only. */
function renewingNextCard(view: Ready): HTMLElement {
  const rows = view.renewingNext;
  const body = rows.length
    ? h(
        'table',
        { class: 'data-table', id: 'renewing-next-table' },
        h('caption', { text: 'The ten live licenses that expire soonest in the next 90 days' }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Subscriber', 'Package', 'Version', 'Seats', 'Status', 'Expires'].map((t, i) =>
              h('th', { scope: 'col', class: i === 3 ? 'num' : undefined, text: t }),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          ...rows.map((r) => {
            const link = h('button', { class: 'link subscriber', type: 'button', title: `Show ${r.orgId} in the Subscribers view`, text: r.subscriber });
            link.addEventListener('click', () => showInTree({ kind: 'subscriber', orgId: r.orgId }));
            return h(
              'tr',
              {},
              h('th', { scope: 'row' }, link),
              h('td', { text: r.packageName }),
              h('td', { text: r.versionNumber }),
              h('td', { class: 'num', text: r.seats }),
              h('td', { text: r.status }),
              h('td', { text: r.expiration }),
            );
          }),
        ),
      )
    : h('p', { class: 'hint', text: 'No live license expires in the next 90 days.' });
  return h('section', { class: 'card wide', id: 'renewing-next' }, h('h2', { text: 'Renewing next' }), body);
}

function skeleton(): void {
  destroyCharts();
  app.replaceChildren(
    toolbar(current),
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
  // A new load stops the feature card's load (the host aborts it too); its answer is no longer wanted.
  if (features === 'loading') {
    featuresLoading++;
    features = 'cancelled';
  }
  if (!current) skeleton();
  else {
    app.setAttribute('aria-busy', 'true');
    refreshing();
  }
  try {
    const view = await request('load', options);
    if (ticket !== loading) return;
    if (view.state === 'ready') {
      current = view;
      shownOptions = asked;
      render(view);
      void loadFeatures(asked);
      return;
    }
    current = undefined;
    destroyCharts();
    app.replaceChildren(
      toolbar(undefined),
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
          toolbar(undefined),
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
      toolbar(current),
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

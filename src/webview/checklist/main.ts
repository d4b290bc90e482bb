/** The LMA Setup Checklist page. Renders the verdicts the extension host sends; never builds HTML from data. */
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { Checklist } from '../../core/checklist/checklist';
import type { Evidence, FindingLevel, Gotcha, SetupStep, Verdict } from '../../core/checklist/verdicts';
import type { ActionOwner, ChecklistRequests, ChecklistView } from '../protocol/checklist';
import { fmt, h, table } from '../shared/dom';
import { createRpc } from '../shared/rpc';
import { button, message, run } from '../shared/ui';

type Ready = Extract<ChecklistView, { state: 'ready' }>;

const rpc = createRpc<ChecklistRequests>();
const app = document.getElementById('app') as HTMLElement;
let current: Ready | undefined;
let checking = false;

const ICON: Record<FindingLevel, string> = {
  done: 'pass-filled',
  attention: 'warning',
  broken: 'error',
  missing: 'circle-slash',
  unverifiable: 'question',
  info: 'info',
};
const icon = (level: FindingLevel) => h('span', { class: `codicon codicon-${ICON[level]}`, 'aria-hidden': 'true' });

function evidenceTable(evidence: readonly Evidence[]): HTMLElement | null {
  if (!evidence.length) return null;
  const rows = evidence.map((e) => [e.label, e.detail, e.source]);
  const details = h('details', { class: 'evidence' }, h('summary', { text: `Evidence (${evidence.length})` }));
  const t = table('What this verdict rests on', ['What', 'Found', 'Read with'], rows);
  // The query text reads better as code.
  for (const cell of t.querySelectorAll('tbody tr td:last-child')) {
    const code = h('code', { text: cell.textContent ?? '' });
    cell.textContent = '';
    cell.append(code);
  }
  details.append(t);
  return details;
}

function actionButton(owner: ActionOwner, label: string, primary: boolean, id: string): HTMLElement {
  return button(label, () => void run(label, () => rpc.request('runAction', owner)), { secondary: !primary, id });
}

/** The verdicts' words, as the host sent them with the last check. */
let verdictLabels: Readonly<Record<Verdict, string>> | undefined;
const verdictLabel = (verdict: Verdict): string => verdictLabels?.[verdict] ?? verdict;

function stepCard(step: SetupStep): HTMLElement {
  const needs = step.verdict !== 'done';
  return h(
    'li',
    { class: `step ${step.verdict}`, id: `step-${step.id}`, 'data-verdict': step.verdict, 'aria-labelledby': `step-${step.id}-title` },
    h(
      'div',
      { class: 'step-head' },
      h('h2', { id: `step-${step.id}-title`, text: `${step.number}. ${step.title}` }),
      h('span', { class: 'verdict' }, icon(step.verdict), verdictLabel(step.verdict)),
    ),
    h('p', { class: 'summary', text: step.summary }),
    h(
      'ul',
      { class: 'findings' },
      ...step.findings.map((f) =>
        h('li', { class: f.level }, icon(f.level), h('span', { text: f.text }), h('span', { class: 'visually-hidden', text: ` (${f.level})` })),
      ),
    ),
    evidenceTable(step.evidence),
    step.action ? h('div', { class: 'step-actions' }, actionButton({ step: step.id }, step.action.label, needs, `action-${step.id}`)) : null,
  );
}

function gotchaCard(gotcha: Gotcha): HTMLElement {
  return h(
    'section',
    { class: `gotcha ${gotcha.level}`, id: `gotcha-${gotcha.id}`, 'aria-label': gotcha.title },
    h('h3', {}, icon(gotcha.level === 'attention' ? 'attention' : 'info'), ` ${gotcha.title}`),
    h('p', { text: gotcha.text }),
    evidenceTable(gotcha.evidence),
    gotcha.action ? h('div', { class: 'step-actions' }, actionButton({ gotcha: gotcha.id }, gotcha.action.label, false, `action-${gotcha.id}`)) : null,
  );
}

function overview(checklist: Checklist): string {
  const count = (v: SetupStep['verdict']) => checklist.steps.filter((s) => s.verdict === v).length;
  const parts = [`${count('done')} of ${checklist.steps.length} steps done`];
  for (const v of ['broken', 'missing', 'attention', 'unverifiable'] as const) if (count(v)) parts.push(`${count(v)} ${verdictLabel(v).toLowerCase()}`);
  return parts.join(' · ');
}

function header(view: Ready | undefined): HTMLElement {
  const meta = view
    ? `${view.orgLabel}${view.isDemo ? ' (demo)' : ''} · checked ${new Date(view.checklist.checkedAt).toLocaleString()} · ${fmt(view.apiCalls)} API calls`
    : '';
  return h(
    'header',
    { class: 'toolbar' },
    h('h1', { text: 'LMA setup checklist' }),
    meta ? h('p', { class: 'meta', id: 'meta', text: meta }) : null,
    h(
      'div',
      { class: 'actions' },
      checking
        ? h(
            'div',
            { class: 'loading inline', role: 'status' },
            h('vscode-progress-ring', {}),
            h('span', { text: 'Checking the org…' }),
            button('Cancel', () => void rpc.request('cancelCheck', {}), { secondary: true, id: 'cancel' }),
          )
        : button('Re-check', () => void recheck(), { icon: 'refresh', id: 'recheck' }),
    ),
  );
}

function render(): void {
  app.replaceChildren();
  app.setAttribute('aria-busy', String(checking));
  app.append(header(current));
  if (!current) return;
  verdictLabels = current.verdictLabels;
  if (current.stale) app.append(message('warning', 'Showing the previous check', current.stale.message));
  const c = current.checklist;
  app.append(
    h('p', { class: 'overview', id: 'overview', text: overview(c) }),
    h('ol', { class: 'steps', 'aria-label': 'Setup steps' }, ...c.steps.map(stepCard)),
    h(
      'section',
      { class: 'gotchas', 'aria-labelledby': 'gotchas-title' },
      h('h2', { class: 'section', id: 'gotchas-title', text: 'Gotchas' }),
      ...c.gotchas.map(gotchaCard),
    ),
  );
}

function show(view: ChecklistView): void {
  if (view.state === 'notConnected') {
    current = undefined;
    app.replaceChildren(
      header(undefined),
      message(
        'info',
        'Not connected',
        'Connect to your License Management Org (or the demo) and the checklist verifies each setup step in it.',
        button('Connect…', () => void run('Connect', () => rpc.request('runAction', { step: 'lmo' })), { id: 'connect' }),
      ),
    );
    app.setAttribute('aria-busy', 'false');
    return;
  }
  current = view;
  render();
}

async function fetchView(name: 'load' | 'recheck'): Promise<void> {
  checking = true;
  render();
  try {
    const view = await run('The check', () => rpc.request(name, {}));
    checking = false;
    if (view) show(view);
    else render();
  } finally {
    checking = false;
  }
}

const recheck = () => fetchView('recheck');
rpc.onReload(() => void fetchView('load'));
void fetchView('load');

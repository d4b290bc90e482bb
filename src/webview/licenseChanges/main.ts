/**
 * The License Change panel: a plan's preview, the run's progress, the results — of license changes
 * and of feature parameter values alike. Renders what the host sends, as text.
 */
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import type { ChangeRequests, ChangeRow, ChangeView, PlanSummary, ResultRow } from '../protocol/licenseChanges';
import { fmt, h } from '../shared/dom';
import { createRpc } from '../shared/rpc';
import { button, message, run } from '../shared/ui';
import { renderWorklist } from './worklist';

const rpc = createRpc<ChangeRequests>();
const app = document.getElementById('app') as HTMLElement;

function licenseLink(licenseId: string, text: string): HTMLElement {
  const b = h('button', { class: 'link', type: 'button', text, title: 'Modify License in Salesforce' });
  b.addEventListener('click', () => void run('Open', () => rpc.request('openLicense', { licenseId })));
  return b;
}

function summaryLine(s: PlanSummary): string {
  const parts = [`${fmt(s.count)} ${s.count === 1 ? s.nouns[0] : s.nouns[1]} in ${s.orgLabel}${s.isDemo ? ' (demo)' : ''}`];
  if (s.errors) parts.push(`${fmt(s.errors)} ${s.errors === 1 ? 'error' : 'errors'}`);
  if (s.warnings) parts.push(`${fmt(s.warnings)} ${s.warnings === 1 ? 'warning' : 'warnings'}`);
  if (s.unchanged) parts.push(`${fmt(s.unchanged)} already as asked`);
  if (s.excluded) parts.push(`${fmt(s.excluded)} left out by you`);
  return parts.join(' · ');
}

function header(s: PlanSummary, ...actions: (HTMLElement | null)[]): HTMLElement {
  return h(
    'header',
    { class: 'toolbar' },
    h('h1', { text: s.undoOf ? `Undo ${s.undoOf}` : s.title }),
    h('p', { class: 'meta', id: 'description', text: s.description }),
    h('p', { class: 'meta', id: 'summary', text: summaryLine(s) }),
    ...s.notes.map((note) => h('p', { class: 'meta note', text: note })),
    h('div', { class: 'actions' }, ...actions),
  );
}

function leftOut(s: PlanSummary): HTMLElement | null {
  if (!s.leftOut.length) return null;
  return h(
    'details',
    { class: 'left-out' },
    h('summary', { text: `${fmt(s.leftOut.length)} left out` }),
    h('ul', {}, ...s.leftOut.map((l) => h('li', {}, h('code', { text: l.license }), ` ${l.reason}`))),
  );
}

/** The license whose Leave Out / Put Back was used last: its control keeps the focus when the page is drawn again. */
let focusLicense: string | undefined;

/** Leave Out / Put Back: takes a license out of the plan (every row of it) or back in; the host checks the plan again. */
function excludeButton(r: ChangeRow): HTMLElement {
  const leaveOut = !r.excluded;
  const toggle = () => {
    focusLicense = r.licenseId;
    void run('Leave out', () => rpc.request('excludeRow', { licenseId: r.licenseId, excluded: leaveOut }));
  };
  const b = button(leaveOut ? 'Leave Out' : 'Put Back', toggle, {
    secondary: true,
    title: leaveOut ? 'Leave this license out of the plan: the rest is checked again' : 'Put this license back in the plan: it is checked again',
  });
  b.classList.add('exclude');
  b.dataset.license = r.licenseId;
  b.setAttribute('aria-label', `${leaveOut ? 'Leave out' : 'Put back'} ${r.licenseName}`);
  return b;
}

function previewTable(rows: readonly ChangeRow[], s: PlanSummary, channel: 'worklist' | 'api'): HTMLElement {
  const columns = ['License', 'Subscriber', 'Package', s.kind === 'featureValues' ? 'Parameter' : 'Field', 'Now', 'After', 'Rules', 'Plan'];
  // One control per license, on its first row (leaving a license out takes all its rows).
  const first = new Set<string>();
  const control = (r: ChangeRow) => {
    if (first.has(r.licenseId)) return null;
    first.add(r.licenseId);
    return excludeButton(r);
  };
  return h(
    'table',
    { class: 'data-table preview', id: 'preview' },
    h('caption', {
      text: channel === 'worklist' ? 'Nothing is written from here: you save each change on its Modify License page' : 'Nothing is written until you apply',
    }),
    h('thead', {}, h('tr', {}, ...columns.map((t) => h('th', { scope: 'col', text: t })))),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { class: r.excluded ? 'excluded' : (r.severity ?? ''), 'data-license': r.licenseId },
          h('th', { scope: 'row' }, licenseLink(r.licenseId, r.licenseName)),
          h('td', { text: r.subscriber }),
          h('td', { text: r.packageName }),
          h('td', { text: r.fieldLabel }),
          h('td', { class: 'old', text: r.old }),
          h('td', { class: 'new', text: r.new }),
          h(
            'td',
            { class: 'issues' },
            r.excluded ? h('span', { class: 'left-out-note', text: 'Left out: nothing is sent for it' }) : null,
            ...r.issues.map((i) =>
              h(
                'div',
                { class: `issue ${i.severity}` },
                h('span', { class: `codicon codicon-${i.severity === 'error' ? 'error' : 'warning'}`, 'aria-hidden': 'true' }),
                ` ${i.message}`,
              ),
            ),
          ),
          h('td', { class: 'plan' }, control(r)),
        ),
      ),
    ),
  );
}

function resultsTable(rows: readonly ResultRow[], s: PlanSummary): HTMLElement {
  const values = s.kind === 'featureValues';
  const label = (r: ResultRow) =>
    r.outcome === 'saved' ? (r.verified === false ? 'Saved, not verified' : 'Saved and verified') : r.outcome === 'failed' ? 'Failed' : 'Not sent';
  return h(
    'table',
    { class: 'data-table results', id: 'results' },
    h('caption', { text: `A result per ${values ? 'value' : 'license'}, as Salesforce answered and as re-read` }),
    h(
      'thead',
      {},
      h('tr', {}, ...['License', 'Subscriber', ...(values ? ['Parameter'] : []), 'Result', 'Salesforce said'].map((t) => h('th', { scope: 'col', text: t }))),
    ),
    h(
      'tbody',
      {},
      ...rows.map((r) =>
        h(
          'tr',
          { class: r.outcome === 'saved' && r.verified !== false ? 'ok' : 'error', 'data-license': r.licenseId },
          h('th', { scope: 'row' }, licenseLink(r.licenseId, r.licenseName)),
          h('td', { text: r.subscriber }),
          ...(values ? [h('td', { text: r.field })] : []),
          h('td', { text: label(r) }),
          h('td', { text: r.message }),
        ),
      ),
    ),
  );
}

function render(view: ChangeView): void {
  app.replaceChildren();
  app.setAttribute('aria-busy', String(view.state === 'running'));
  switch (view.state) {
    case 'empty': {
      const r = view.resumable;
      app.append(
        r
          ? message(
              'info',
              'A Modify License worklist is unfinished',
              `${r.description ? `${r.description}: ` : ''}${fmt(r.todo)} of ${fmt(r.total)} licenses to do (${r.runId}).`,
              button('Resume Worklist', () => void run('Resume', () => rpc.request('resumeWorklist', { runId: r.runId })), { id: 'resume' }),
            )
          : message(
              'info',
              'No change planned',
              'Pick licenses in the Install Base or Subscribers view and choose Change Licenses (Guarded)…, or apply a plan file.',
            ),
      );
      return;
    }
    case 'worklist':
      app.append(...renderWorklist(rpc, view, (...actions) => header(view.summary, ...actions)));
      return;
    case 'preview': {
      const label = !view.summary.count ? 'Nothing to apply' : view.channel === 'worklist' ? 'Start Modify License Worklist' : 'Write Through the API…';
      const apply = button(label, () => void run('Apply', () => rpc.request('apply', {})), { id: 'apply' });
      if (view.blocked || !view.summary.count) apply.setAttribute('disabled', '');
      app.append(header(view.summary, apply));
      if (view.blocked)
        app.append(
          message(
            'error',
            view.summary.kind === 'featureValues' ? "Blocked by the Feature Management App's rules" : 'Blocked by the Modify License rules',
            'Fix the rows marked as errors, or leave them out with the Leave Out button on their row (the Plan column): the rest of the plan is checked again. Nothing can be sent while one breaks a rule.',
          ),
        );
      else if (!view.summary.count && view.summary.excluded)
        app.append(message('info', 'Every license is left out', 'Nothing can be carried out: put a license back (Put Back, in the Plan column) to go on.'));
      if (view.channel === 'worklist')
        app.append(
          message(
            'info',
            'Carried out on Salesforce’s Modify License pages',
            'Salesforce’s guidance is to edit licenses on the LMA’s Modify License page, not through the API. Starting the worklist writes nothing: it lists each license’s page with the values to set, and verifies each row after you save it.',
          ),
        );
      else if (view.typedBecause.length) app.append(message('warning', 'You will be asked to type a confirmation', `Because ${view.typedBecause.join('; ')}.`));
      app.append(leftOut(view.summary) ?? '', previewTable(view.rows, view.summary, view.channel));
      // After the frame is drawn: the button element upgrades (and takes focus) once it is on screen.
      const refocus = focusLicense && app.querySelector<HTMLElement>(`.exclude[data-license="${CSS.escape(focusLicense)}"]`);
      if (refocus) requestAnimationFrame(() => refocus.focus());
      focusLicense = undefined;
      return;
    }
    case 'running':
      app.append(
        header(
          view.summary,
          button('Cancel', () => void rpc.request('cancel', {}), { secondary: true, id: 'cancel' }),
        ),
        h(
          'div',
          { class: 'loading', role: 'status' },
          h('vscode-progress-ring', {}),
          h('span', {
            text:
              view.phase === 'writing'
                ? `Writing: ${fmt(view.done)} of ${fmt(view.total)} answered (${fmt(view.saved)} saved, ${fmt(view.failed)} failed). Cancel stops between batches.`
                : `Re-reading every saved ${view.summary.nouns[0]} to verify it…`,
          }),
        ),
      );
      return;
    case 'finished': {
      const c = view.counts;
      const text = `${fmt(c.saved)} saved (${fmt(c.verified)} verified${c.unverified ? `, ${fmt(c.unverified)} not verified` : ''}), ${fmt(c.failed)} failed, ${fmt(c.notSent)} not sent. Journaled as ${view.runId}.`;
      app.append(
        header(
          view.summary,
          c.saved ? button('Undo…', () => void run('Undo', () => rpc.request('undo', {})), { secondary: true, id: 'undo' }) : null,
          button('Open Journal', () => void run('Open', () => rpc.request('openJournal', {})), { secondary: true, id: 'journal' }),
        ),
        message(c.failed || c.unverified || view.cancelled ? 'warning' : 'info', view.cancelled ? 'Cancelled between batches' : 'Done', text),
        resultsTable(view.results, view.summary),
      );
      return;
    }
  }
}

async function load(): Promise<void> {
  const view = await run('Loading', () => rpc.request('load', {}));
  if (view) render(view);
}

rpc.onReload(() => void load());
void load();

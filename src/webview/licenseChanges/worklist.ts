/**
 * The worklist view of the License Change panel: a row per license with its Modify License page
 * (one click), the values to set there (each copyable), and where it stands — waiting, done
 * (re-read: the record and its License history), differs (what was found), skipped.
 */
import type { ChangeRequests, ChangeView, WorklistRowView } from '../protocol/licenseChanges';
import { fmt, h } from '../shared/dom';
import { type Rpc } from '../shared/rpc';
import { button, message, run } from '../shared/ui';

type Worklist = Extract<ChangeView, { state: 'worklist' }>;

const STATE_TEXT: Record<WorklistRowView['state'], string> = {
  pending: 'To do',
  done: 'Done, verified',
  differs: 'Differs',
  skipped: 'Skipped',
};
const STATE_ICON: Record<WorklistRowView['state'], string> = { pending: 'circle-large-outline', done: 'pass', differs: 'warning', skipped: 'debug-step-over' };

function stateCell(r: WorklistRowView): HTMLElement {
  const text = r.state === 'pending' && r.opened ? 'Waiting for your save…' : STATE_TEXT[r.state];
  return h(
    'td',
    { class: `state ${r.state}` },
    h('span', { class: `codicon codicon-${STATE_ICON[r.state]}`, 'aria-hidden': 'true' }),
    ` ${text}`,
    r.reason ? h('div', { class: 'reason', text: r.reason }) : null,
  );
}

function row(rpc: Rpc<ChangeRequests>, r: WorklistRowView, finished: boolean): HTMLElement {
  const actions: HTMLElement[] = [];
  if (r.state !== 'done' && !finished) {
    actions.push(
      button(r.opened ? 'Open Again' : 'Open Modify License', () => void run('Open', () => rpc.request('openLicense', { licenseId: r.licenseId })), {
        secondary: r.opened,
        title: 'Opens the license’s record page in Salesforce, where the Modify License button is',
      }),
      button('Check', () => void run('Check', () => rpc.request('checkRows', { licenseId: r.licenseId })), {
        secondary: true,
        title: 'Re-read the record and its License history now',
      }),
      button('Skip', () => void run('Skip', () => rpc.request('skipRow', { licenseId: r.licenseId })), {
        secondary: true,
        title: 'Move past this license (journaled)',
      }),
    );
  }
  return h(
    'tr',
    { class: r.state, 'data-license': r.licenseId },
    h(
      'th',
      { scope: 'row' },
      h('span', { class: 'license-name', text: r.licenseName }),
      h('div', { class: 'meta', text: r.subscriber }),
      h('div', { class: 'meta', text: r.packageName }),
    ),
    h(
      'td',
      { class: 'targets' },
      ...r.targets.map((t) =>
        h(
          'div',
          { class: 'target' },
          h('span', { class: 'label', text: `${t.label}: ` }),
          h('span', { class: 'old', text: t.old }),
          ' → ',
          h('strong', { class: 'new', text: t.enter }),
          ' ',
          button('Copy', () => void run('Copy', () => rpc.request('copyValue', { licenseId: r.licenseId, field: t.field })), {
            secondary: true,
            title: `Copy ${t.enter}`,
          }),
        ),
      ),
    ),
    stateCell(r),
    h('td', { class: 'actions' }, ...actions),
  );
}

export function renderWorklist(rpc: Rpc<ChangeRequests>, view: Worklist, header: (...actions: (HTMLElement | null)[]) => HTMLElement): HTMLElement[] {
  const c = view.counts;
  const status = `${fmt(c.done)} of ${fmt(c.total)} done${c.differs ? `, ${fmt(c.differs)} differ` : ''}${c.skipped ? `, ${fmt(c.skipped)} skipped` : ''}${c.pending ? `, ${fmt(c.pending)} to do` : ''}. Journaled as ${view.runId}.`;
  const out: HTMLElement[] = [
    header(
      view.finished ? null : button('Check All', () => void run('Check', () => rpc.request('checkRows', {})), { id: 'check-all', secondary: true }),
      view.finished ? null : button('Finish', () => void run('Finish', () => rpc.request('finishWorklist', {})), { id: 'finish', secondary: true }),
      c.done ? button('Undo…', () => void run('Undo', () => rpc.request('undo', {})), { secondary: true, id: 'undo' }) : null,
      button('Open Journal', () => void run('Open', () => rpc.request('openJournal', {})), { secondary: true, id: 'journal' }),
    ),
    message(
      view.finished ? (c.done === c.total ? 'info' : 'warning') : 'info',
      view.finished ? 'Worklist finished' : 'Modify License worklist — nothing is written from here',
      view.finished
        ? status
        : `Open each license’s page, click Modify License and set the values shown; each row is re-read (the record and its License history) once you save. ${status}`,
    ),
  ];
  if (view.checking) out.push(h('div', { class: 'loading', role: 'status' }, h('vscode-progress-ring', {}), h('span', { text: 'Re-reading…' })));
  out.push(
    h(
      'table',
      { class: 'data-table worklist', id: 'worklist' },
      h('caption', { text: 'One license per row: its Modify License page and the values to set there' }),
      h('thead', {}, h('tr', {}, ...['License', 'Set on Modify License', 'State', ''].map((t) => h('th', { scope: 'col', text: t })))),
      h('tbody', {}, ...view.rows.map((r) => row(rpc, r, view.finished))),
    ),
  );
  return out;
}

/**
 * `licenses modify|undo|resume` without --through-api: the Modify License worklist on the terminal.
 * Each license's record page (where the LMA's Modify License button is) is printed — and opened with
 * --open — with the values to set; the command then waits for the save, re-reading the record and
 * its License history every --poll-seconds, or at once on Enter; "s" moves past the row, "q" stops
 * (resume with `licenses resume`). Nothing is written through the API.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { singleLine } from '../../core/displayText';
import { type ChangePlan } from '../../core/licenseChanges/plan';
import { type PlanValidation } from '../../core/licenseChanges/validation';
import { type RowCheck, type WorklistRow, VERIFIED_MEANS, licensePagePath, targetLine } from '../../core/licenseChanges/worklist';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { LicenseWorklist } from '../../data/lmo/licenseWorklist';
import { type LicenseJournal } from '../../storage/journal';
import { EXIT } from '../output';
import { type CommandContext, wholeNumber } from '../session';

export const WORKLIST_OPTIONS = {
  'through-api': { type: 'boolean', default: false },
  open: { type: 'boolean', default: false },
  'poll-seconds': { type: 'string' },
  'row-timeout': { type: 'string' },
} as const;

type Command = 'check' | 'skip' | 'stop';

/** The user's keys, one line each: Enter checks now, "s" skips, "q" stops. Closed stdin leaves polling alone. */
class Keys {
  private waiting: ((command: Command) => void) | undefined;
  private readonly queued: Command[] = [];
  private readonly reader = createInterface({ input: process.stdin, terminal: false });

  constructor() {
    this.reader.on('line', (line) => {
      const key = line.trim().toLowerCase();
      const command: Command = key === 's' || key === 'skip' ? 'skip' : key === 'q' || key === 'quit' || key === 'stop' ? 'stop' : 'check';
      if (this.waiting) this.waiting(command);
      else this.queued.push(command);
    });
  }

  /** The next key, or undefined when `ms` passes first (or the signal aborts). */
  next(ms: number, signal: AbortSignal): Promise<Command | undefined> {
    const queued = this.queued.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((done) => {
      const finish = (command: Command | undefined) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiting = undefined;
        done(command);
      };
      const onAbort = () => finish(undefined);
      const timer = setTimeout(() => finish(undefined), ms);
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting = finish;
    });
  }

  close(): void {
    this.reader.close();
  }
}

/** Opens a URL with the user's browser: $BROWSER, else the platform's opener. The one-time URL goes only to that process. */
function openInBrowser(url: string): void {
  const browser = process.env.BROWSER?.trim();
  const [command, args] = browser
    ? [browser, [url]]
    : process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}

function rowHeader(ctx: CommandContext, row: WorklistRow, index: number, total: number, url: string): string {
  return [
    '',
    `[${index}/${total}] ${row.licenseName}  ${row.licenseId}  ${singleLine(row.subscriber, 40)} (${row.orgId})  ${singleLine(row.packageName, 30)}`,
    `  Open:  ${url}   (Modify License is on this page)`,
    `  Set:   ${targetLine(row)}`,
    ...row.targets.map((t) => `         ${t.label}: ${t.enter}`),
    ctx.out.json ? '' : '  Waiting for the save… Enter: check now · s: skip · q: stop (resume later)',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface WorklistStart {
  readonly lmo: LicenseManagementOrg;
  readonly journal: LicenseJournal;
  /** A new plan to open as a worklist, or a journaled one to resume. */
  readonly plan?: { readonly plan: ChangePlan; readonly validation: PlanValidation };
  readonly resume?: Parameters<typeof LicenseWorklist.resume>[1];
}

export async function runWorklist(ctx: CommandContext, start: WorklistStart): Promise<number> {
  const { lmo, journal } = start;
  const pollMs = wholeNumber('poll-seconds', ctx.args['poll-seconds'], 1, 3600, 10) * 1000;
  const rowTimeoutMs = wholeNumber('row-timeout', ctx.args['row-timeout'], 1, 86_400, 1800) * 1000;
  const list = start.plan
    ? await LicenseWorklist.open(lmo.client, start.plan.plan, start.plan.validation, journal)
    : LicenseWorklist.resume(lmo.client, start.resume as NonNullable<WorklistStart['resume']>, journal);
  const base = lmo.client.connection.instanceUrl.replace(/\/+$/, '');
  const urlOf = (row: WorklistRow) => `${base}${licensePagePath(row.licenseId)}`;
  const say = (text: string) => (ctx.out.json ? ctx.out.note(text) : ctx.out.text(text));
  const last = new Map<string, RowCheck>();

  say(
    `# Modify License worklist ${list.runId} — ${list.rows.length} ${list.rows.length === 1 ? 'license' : 'licenses'}. Nothing is written through the API: save each change on its Modify License page.`,
  );
  // Rows saved already (a resumed worklist, or changes made before it started) are found at once.
  const earlier = list.counts().done;
  if (earlier) say(`${earlier} done earlier.`);
  const first = await list.check(
    list.remaining().map((r) => r.licenseId),
    { signal: ctx.signal },
  );
  for (const c of first) last.set(c.licenseId, c);
  const found = list.counts().done - earlier;
  if (found) say(`${found} already saved and verified.`);

  const keys = new Keys();
  let stopped = false;
  try {
    const todo = list.remaining();
    for (const [i, row] of todo.entries()) {
      if (ctx.signal.aborted || stopped) break;
      say(rowHeader(ctx, row, i + 1, todo.length, urlOf(row)));
      if (ctx.args.open === true) openInBrowser(await lmo.client.frontDoorUrl(licensePagePath(row.licenseId), { signal: ctx.signal }));
      const deadline = Date.now() + rowTimeoutMs;
      for (;;) {
        const command = await keys.next(Math.max(0, Math.min(pollMs, deadline - Date.now())), ctx.signal);
        if (ctx.signal.aborted || command === 'stop') {
          stopped = true;
          break;
        }
        if (command === 'skip' || Date.now() >= deadline) {
          const state = await list.skip(row.licenseId, last.get(row.licenseId));
          say(`  ${state === 'differs' ? '≠ differs' : '→ skipped'}${command === 'skip' ? '' : ' (timed out waiting for the save)'}`);
          break;
        }
        const [check] = await list.check([row.licenseId], { signal: ctx.signal });
        const before = last.get(row.licenseId);
        last.set(row.licenseId, check);
        if (check.state === 'done') {
          say('  ✔ saved, verified (the record and its License history)');
          break;
        }
        if (check.state === 'differs' && check.reason !== before?.reason) say(`  ≠ ${check.reason} Fix it on the page, or s to move on.`);
        else if (command === 'check' && check.state === 'pending') say('  Not saved yet.');
      }
    }
  } finally {
    keys.close();
  }
  const counts = await list.finish();
  const rows = list.rows.map((r) => ({
    ...r,
    url: urlOf(r),
    state: list.state(r.licenseId),
    ...(last.get(r.licenseId)?.reason && list.state(r.licenseId) !== 'done' ? { reason: last.get(r.licenseId)?.reason } : {}),
  }));
  ctx.out.data({ status: stopped ? 'stopped' : 'finished', channel: 'worklist', runId: list.runId, journal: journal.path, counts, rows });
  ctx.out.text(
    [
      '',
      '## Worklist',
      ...rows.map((r) => `${r.licenseName.padEnd(10)}  ${r.licenseId}  ${r.state}${r.reason ? `  ${singleLine(r.reason, 120)}` : ''}`),
      '',
      `${counts.done} done, ${counts.skipped} skipped, ${counts.differs} differ, ${counts.pending} to do. ${VERIFIED_MEANS}`,
      `Journal: ${journal.path} (run ${list.runId}${counts.pending ? `; resume with: lma-workbench licenses resume --journal-entry ${list.runId}` : ''}; undo with: lma-workbench licenses undo --journal-entry ${list.runId})`,
    ].join('\n'),
  );
  if (stopped || ctx.signal.aborted) return EXIT.interrupted;
  return counts.done === counts.total ? EXIT.ok : EXIT.findings;
}

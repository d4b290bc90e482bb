/**
 * `changes`: the License change feed — License history and deletes as events, to JSON Lines, CSV
 * or a signed webhook, with a durable cursor and outbox; `changes dead-letters [--replay]`.
 */
import { isAbsolute, resolve } from 'node:path';
import { calendarDate } from '../../core/calendarDate';
import type { ChangeCursor, LicenseChangeReader } from '../../data/lmo/changeFeed';
import { salesforceStack } from '../../data/org/connect';
import { usageError } from '../../data/org/errors';
import type { OrgClient } from '../../data/org/orgClient';
import { Dispatcher } from '../changes/dispatcher';
import { type FeedSummary, runFeed } from '../changes/feed';
import { FeedState, defaultStateDir } from '../changes/feedState';
import { FeedMonitor, type HealthServer, startHealthServer } from '../changes/health';
import { changeCursorProblem } from '../changes/stateChecks';
import { type FileFormat, FileSink, type Sink } from '../changes/fileSinks';
import { DEFAULT_RETRY, type RetryPolicy } from '../changes/retry';
import { WebhookSink, webhookKey } from '../changes/webhook';
import { EXIT } from '../output';
import { type CliCommand, type CommandContext, wholeNumber } from '../session';

const USAGE = `Usage: lma-workbench changes [--since <date>|--from-cursor] [--follow [--interval <s>]]
                            [--webhook <url> --secret-env <NAME> | --out <file|-> [--format jsonl|csv]]
                            [--health-port <port> [--health-host <address>]] [--state-dir <dir>] [--repair] [org options]
       lma-workbench changes dead-letters [--replay (with the same --webhook/--out)] [--state-dir <dir>] [--repair]

License changes (created, status, seats, expiration, version, deleted) from License history and
the Recycle Bin, as CloudEvents JSON (schema: schemas/license-change.schema.json).

  --since <date>          Start at this date (YYYY-MM-DD, the start of that day) or ISO date-time
  --from-cursor           Continue where the last run stopped (the default when a cursor is saved;
                          without one, a first run starts 24 hours back)
  --follow                Keep polling (Ctrl-C stops after the deliveries in flight)
  --interval <seconds>    Between polls with --follow (1 to 86,400; default 60). An idle poll is 1 API call
  --webhook <url>         POST each event, signed per Standard Webhooks (webhook-id/-timestamp/-signature)
  --secret-env <NAME>     The environment variable that holds the signing secret (whsec_…); never printed
  --concurrency <n>       Licenses delivered in parallel to the webhook (1 to 64; default 8); one
                          license's events always go in order
  --max-attempts <n>      Tries per event before it becomes a dead letter (1 to 100; default 12)
  --webhook-timeout <s>   Per delivery, the whole answer included (1 to 120; default 15)
  --out <file|->          Append events to a file, or - for stdout (the default sink)
  --format jsonl|csv      For --out (default jsonl)
  --state-dir <dir>       Cursor, outbox and dead letters (default: ~/.local/state/lma-workbench/changes/<org>)
  --overlap <seconds>     Re-read this far back on every poll for history rows that commit late (default 300)
  --health-port <port>    With --follow: GET /healthz (JSON; 503 when polling stalled) and /metrics (Prometheus)
  --health-host <address> Where --health-port listens (default 127.0.0.1, this machine only)
  --repair                Move unreadable records of the outbox or the dead letters to the dead letters, and go on

The feed as a service (systemd unit, what to monitor, recovery): docs/feed-service.md.

Exit codes as for every command; 1 when an event became a dead letter (or dead letters are listed).`;

export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'License change feed: history and deletes as events to JSON Lines, CSV or a signed webhook',
  usage: USAGE,
  allowPositionals: true,
  options: {
    since: { type: 'string' },
    'from-cursor': { type: 'boolean', default: false },
    follow: { type: 'boolean', default: false },
    interval: { type: 'string' },
    webhook: { type: 'string' },
    'secret-env': { type: 'string' },
    concurrency: { type: 'string' },
    'max-attempts': { type: 'string' },
    'webhook-timeout': { type: 'string' },
    out: { type: 'string' },
    format: { type: 'string' },
    'state-dir': { type: 'string' },
    overlap: { type: 'string' },
    replay: { type: 'boolean', default: false },
    repair: { type: 'boolean', default: false },
    'health-port': { type: 'string' },
    'health-host': { type: 'string' },
  },
  async run(ctx) {
    const [sub, ...extra] = ctx.positionals;
    if (extra.length || (sub !== undefined && sub !== 'dead-letters')) throw usageError(`Unknown argument "${extra[0] ?? sub}".\n\n${USAGE}`);
    if (sub === 'dead-letters') return deadLetters(ctx);
    return feed(ctx);
  },
};

async function feed(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  if (a.replay) throw usageError('--replay belongs to "changes dead-letters".');
  if (a.since !== undefined && a['from-cursor']) throw usageError('Pass --since or --from-cursor, not both.');
  if (a.interval !== undefined && !a.follow) throw usageError('--interval needs --follow.');
  const intervalMs = wholeNumber('interval', a.interval, 1, 86_400, 60) * 1000;
  const overlapMs = wholeNumber('overlap', a.overlap, 0, 86_400, 300) * 1000;
  const since = a.since === undefined ? undefined : parseSince(String(a.since), ctx);
  if (a['health-host'] !== undefined && a['health-port'] === undefined) throw usageError('--health-host goes with --health-port.');
  if (a['health-port'] !== undefined && !a.follow) throw usageError('--health-port needs --follow.');
  const healthPort = a['health-port'] === undefined ? undefined : wholeNumber('health-port', a['health-port'], 0, 65_535, 0);
  const sink = makeSink(ctx);
  const now = orgNow(ctx);
  let health: HealthServer | undefined;
  try {
    const lmo = await ctx.lmo();
    const orgId = await lmoOrgId(lmo.client, ctx.signal);
    const state = openState(ctx, stateDir(ctx, lmo.client));
    try {
      const reader: LicenseChangeReader = new (await salesforceStack()).LicenseChangeReader(lmo.client, { now, overlapMs });
      // With --since the saved cursor is replaced, readable or not; without, a cursor that cannot be trusted stops the feed.
      const saved = since ? undefined : state.readCursor((c) => changeCursorProblem(c, now().getTime()));
      if (saved && saved.orgId.slice(0, 15) !== orgId.slice(0, 15) && !since)
        throw usageError(`The state folder ${state.dir} belongs to another org (${saved.orgId}). Pass --state-dir, or --since to start over.`);
      if (a['from-cursor'] && !saved) throw usageError(`No saved cursor in ${state.dir}: start with --since <date>.`);
      const cursor = since ? reader.initialCursor(since) : (saved?.cursor ?? reader.initialCursor(new Date(now().getTime() - 86_400_000)));
      if (!saved || since) state.saveCursor(orgId, cursor);
      const monitor = new FeedMonitor({
        orgId,
        intervalMs,
        now: () => now().getTime(),
        pending: () => state.outbox.size,
        deadLetters: () => state.deadLetters.count,
      });
      if (healthPort !== undefined) {
        health = await startHealthServer(monitor, typeof a['health-host'] === 'string' ? a['health-host'] : '127.0.0.1', healthPort);
        ctx.out.note(`Health: ${health.url}/healthz and ${health.url}/metrics`);
      }
      ctx.out.note(
        `Change feed of ${lmo.target.label} → ${sink.label}${a.follow ? `, every ${intervalMs / 1000} s (Ctrl-C stops)` : ''}; state in ${state.dir}`,
      );
      const summary = await runFeed({
        reader,
        state,
        sink,
        orgId,
        cursor,
        follow: a.follow === true,
        intervalMs,
        signal: ctx.signal,
        policy: retryPolicy(ctx),
        note: (text) => ctx.out.note(text),
        monitor,
        now: () => now().getTime(),
      });
      report(ctx, summary, state.dir, sink.label);
      if (summary.interrupted) return EXIT.interrupted;
      return summary.deadLettered > 0 ? EXIT.findings : EXIT.ok;
    } finally {
      state.close();
    }
  } finally {
    await health?.close();
    await sink.close();
  }
}

/** The state folder, with what the user must hear about it (a torn line dropped, records repaired, a folder others can open). */
function openState(ctx: CommandContext, dir: string): FeedState<ChangeCursor> {
  const state = new FeedState<ChangeCursor>(dir, { repair: ctx.args.repair === true });
  for (const note of state.notes) ctx.out.note(note);
  return state;
}

async function deadLetters(ctx: CommandContext): Promise<number> {
  const a = ctx.args;
  const dir = typeof a['state-dir'] === 'string' ? absolute(a['state-dir']) : stateDir(ctx, (await ctx.lmo()).client);
  if (!a.replay) {
    const state = openState(ctx, dir);
    try {
      const letters = state.deadLetters.list();
      ctx.out.data({ stateDir: dir, deadLetters: letters });
      ctx.out.text(
        letters.length
          ? letters
              .map((l) =>
                l.event
                  ? `${l.at}  ${l.event.id}  ${l.event.type}  license ${l.event.subject}  ${l.attempts} attempt(s): ${l.error}`
                  : `${l.at}  ${l.error}: ${JSON.stringify(l.raw ?? '').slice(0, 200)}`,
              )
              .join('\n')
          : `No dead letters in ${dir}.`,
      );
      return letters.length ? EXIT.findings : EXIT.ok;
    } finally {
      state.close();
    }
  }
  const sink = makeSink(ctx);
  const state = openState(ctx, dir);
  try {
    const all = state.deadLetters.list();
    const letters = all.filter((l) => l.event !== undefined);
    // Records --repair moved here cannot be sent (they are not events): they stay, for a person to read.
    const unreadable = all.filter((l) => l.event === undefined);
    if (unreadable.length) ctx.out.note(`${unreadable.length} dead letter(s) hold unreadable records, not events: they stay in the list.`);
    // Back into the outbox (durably) before the list is emptied: a crash in between replays twice, never zero times.
    const entries = state.outbox.add(
      letters.map((l) => l.event as NonNullable<typeof l.event>),
      { replay: true },
    );
    state.deadLetters.clear(unreadable);
    const dispatcher = new Dispatcher(sink, state.outbox, state.deadLetters, { policy: retryPolicy(ctx) });
    dispatcher.enqueue(entries);
    const stop = () => void dispatcher.stop();
    ctx.signal.addEventListener('abort', stop, { once: true });
    await dispatcher.idle();
    await dispatcher.stop();
    ctx.signal.removeEventListener('abort', stop);
    const { delivered, deadLettered, retries } = dispatcher.stats;
    ctx.out.data({ stateDir: dir, replayed: entries.length, delivered, retries, deadLettered, pending: state.outbox.size });
    ctx.out.note(
      `Replayed ${entries.length} dead letter(s) to ${sink.label}: ${delivered} delivered, ${deadLettered} dead again, ${state.outbox.size} pending.`,
    );
    if (ctx.signal.aborted) return EXIT.interrupted;
    return deadLettered > 0 ? EXIT.findings : EXIT.ok;
  } finally {
    state.close();
    await sink.close();
  }
}

function makeSink(ctx: CommandContext): Sink {
  const a = ctx.args;
  const format = (a.format ?? 'jsonl') as string;
  if (format !== 'jsonl' && format !== 'csv') throw usageError('--format is jsonl or csv.');
  if (typeof a.webhook === 'string') {
    if (a.out !== undefined || a.format !== undefined) throw usageError('--webhook and --out/--format are different sinks: pass one.');
    if (typeof a['secret-env'] !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(a['secret-env']))
      throw usageError('--webhook needs --secret-env <NAME>: the environment variable that holds the signing secret (whsec_…).');
    const name = a['secret-env'];
    return new WebhookSink({
      url: a.webhook,
      key: webhookKey(process.env[name], name),
      concurrency: wholeNumber('concurrency', a.concurrency, 1, 64, 8),
      timeoutMs: wholeNumber('webhook-timeout', a['webhook-timeout'], 1, 120, 15) * 1000,
    });
  }
  if (a['secret-env'] !== undefined || a.concurrency !== undefined) throw usageError('--secret-env and --concurrency go with --webhook.');
  const out = typeof a.out === 'string' ? a.out : '-';
  if ((out === '-' || out === '/dev/stdout') && a.json)
    throw usageError('--json prints a summary on stdout: write the events to a file (--out <file>) or to a webhook.');
  return new FileSink(out === '-' ? '-' : absolute(out), format as FileFormat);
}

function retryPolicy(ctx: CommandContext): RetryPolicy {
  return { ...DEFAULT_RETRY, maxAttempts: wholeNumber('max-attempts', ctx.args['max-attempts'], 1, 100, DEFAULT_RETRY.maxAttempts) };
}

function report(ctx: CommandContext, s: FeedSummary, dir: string, sink: string): void {
  ctx.out.data({ stateDir: dir, sink, ...s });
  ctx.out.note(
    `${s.read} change(s) read in ${s.polls} poll(s), ${s.apiCalls} API call(s); ${s.delivered} delivered${s.recovered ? ` (${s.recovered} from the last run)` : ''}, ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}, ${s.deadLettered} dead letter(s), ${s.pending} pending.`,
  );
}

/** The org's "now": with --today, that day at the current time of day (the demo's clock does the same). */
function orgNow(ctx: CommandContext): () => Date {
  if (!ctx.args.today) return () => new Date();
  const midnight = Date.parse(`${ctx.today}T00:00:00Z`);
  return () => new Date(midnight + (Date.now() % 86_400_000));
}

function parseSince(text: string, ctx: CommandContext): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    try {
      return ctx.clock.startOfDay(calendarDate(text));
    } catch {
      // Not a real date: the message below.
    }
  }
  const ms = /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) throw usageError('--since is a date (YYYY-MM-DD) or an ISO date-time (2026-03-10T09:00:00Z).');
  return new Date(ms);
}

function stateDir(ctx: CommandContext, client: OrgClient): string {
  const given = ctx.args['state-dir'];
  if (typeof given === 'string') return absolute(given);
  return defaultStateDir(client.target.username ?? client.target.label);
}

async function lmoOrgId(client: OrgClient, signal: AbortSignal): Promise<string> {
  if (client.target.orgId) return client.target.orgId;
  const rows = (await client.query<{ Id: string }>('SELECT Id FROM Organization', { signal })).records;
  if (!rows[0]?.Id) throw client.badResponse('Organization', rows);
  return rows[0].Id;
}

function absolute(path: string): string {
  if (!path.trim()) throw usageError('A path is empty.');
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

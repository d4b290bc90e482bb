/**
 * `lmo-dashboard generate`: the executives' install-base dashboard as source-format metadata in a
 * folder, to review and commit before it is deployed (docs/salesforce/lmo-dashboard.md). Needs no
 * org; with one (--target-org or --demo), the churn report follows whether License Status history
 * is tracked there (--churn auto). Options come from the flags, then from the folder's
 * lmo-dashboard.json (a re-run remembers them), then the defaults. It writes only files it generated before (their marker) or new ones,
 * never deletes, and refuses the whole run before writing anything when a file in the way is not
 * its own.
 */
import { lstat, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type ChurnChoice, type ChurnFlag, churnFromTracking, churnWithoutOrg, parseChurnFlag } from '../../core/lmoDashboard/churnChoice';
import { type GeneratedDashboard, generateLmoDashboard, isGeneratedFile } from '../../core/lmoDashboard/generate';
import {
  DEFAULT_OPTIONS,
  type LmoDashboardOptions,
  LmoDashboardOptionsError,
  MAX_CHURN_DAYS,
  MIN_CHURN_DAYS,
  OPTIONS_FILE,
  type RunningUser,
  developerNameFrom,
  optionsFromFile,
} from '../../core/lmoDashboard/options';
import { statusHistoryTracked } from '../../data/lmo/historyTracking';
import { usageError } from '../../data/org/errors';
import { EXIT } from '../output';
import { DEFAULT_SOURCE, verifyLmoDashboard } from './lmoDashboardVerify';
import { deployLmoDashboardCommand } from './lmoDashboardDeploy';
import { pinLmoDashboardCommand } from './lmoDashboardPin';
import { type CliCommand, type CommandContext, wholeNumber } from '../session';

const USAGE = `Usage: lma-workbench lmo-dashboard generate --out <dir> [--folder <label>] [--title <title>]
         [--running-user <username> | --dynamic] [--app <App>] [--profile <Profile>]
         [--include-sandboxes] [--churn auto|history|approximation] [--churn-days <n>]
         [--target-org <alias> | --demo] [--json]

  generate                   Write the executives' dashboard as source-format metadata (reports, dashboard,
                             Lightning Home page) into a folder to review and commit; needs no org
  --out <dir>                The folder (e.g. lmo-dashboard); its ${OPTIONS_FILE} remembers the options for re-runs
  --folder <label>           The report and dashboard folders' label (default "${DEFAULT_OPTIONS.reportFolder.label}")
  --title <title>            The dashboard's title (default "${DEFAULT_OPTIONS.dashboardTitle}")
  --running-user <username>  The dashboard runs as this user (everyone sees that user's numbers)
  --dynamic                  The dashboard runs as whoever views it (the default)
  --app <App>                The app whose Home page is assigned (default ${DEFAULT_OPTIONS.app})
  --profile <Profile>        The profile it is assigned for: the executives' (default "${DEFAULT_OPTIONS.profile}")
  --include-sandboxes        Count sandbox licenses too (default: excluded, as the product counts)
  --churn <mode>             auto (the default with --target-org or --demo: history when the org tracks field
                             history on License Status, else approximation), history (License history), or
                             approximation (the default without an org: labelled so on the dashboard)
  --churn-days <n>           The churn period in days (${MIN_CHURN_DAYS} to ${MAX_CHURN_DAYS}; default ${DEFAULT_OPTIONS.churnDays})

  Writes only new files or files it generated before; never deletes. Exit 2 when a file in the way is not its own.

Usage: lma-workbench lmo-dashboard deploy --source <dir> [--yes] [--target-org <alias> | --demo] [--json]

  deploy                     The folder to the org through the Metadata API. Without --yes, a dry run: the org
                             validates it and the preview says what is new, changed or unchanged. With --yes it
                             deploys, says each component's outcome and reads step 5 back. Never deletes; the
                             Home page's assignment is pin's (below). Exit 1 when refused

Usage: lma-workbench lmo-dashboard pin [--source <dir>] [--yes] [--state-dir <dir>] [--target-org <alias> | --demo] [--json]
       lma-workbench lmo-dashboard pin --undo <id|last> [--yes] [--state-dir <dir>] [--target-org <alias> | --demo] [--json]

  pin                        Assign the deployed Home page as the Home page of the profile in the app (the
                             folder's options): without --yes, a preview of what the Home page is now and what it
                             becomes; with --yes, journaled, written (the app's metadata as read, one assignment
                             added) and read back. Exit 1 when the org refuses or the app, profile or page is missing
  --undo <id|last>           Put back what that assignment replaced, only while it is still in place

Usage: lma-workbench lmo-dashboard verify [--source <dir>] [--target-org <alias> | --demo] [--json]

  verify                     Setup step 5 in the org: the reports, the dashboard and the Home page exist, the page
                             is assigned, and each report's total (run through the Analytics REST API) equals
                             lma-workbench dashboard's for the same scope and day. Exit 0 when done, 1 otherwise
  --source <dir>             The folder generate wrote (default ${DEFAULT_SOURCE}, when it exists): its options are checked`;

export const lmoDashboardCommand: CliCommand = {
  name: 'lmo-dashboard',
  summary: "The executives' install-base dashboard in the LMO: generate it as reviewable metadata, deploy it, pin it for the executives, verify it in the org",
  usage: USAGE,
  options: {
    out: { type: 'string' },
    folder: { type: 'string' },
    title: { type: 'string' },
    'running-user': { type: 'string' },
    dynamic: { type: 'boolean', default: false },
    app: { type: 'string' },
    profile: { type: 'string' },
    'include-sandboxes': { type: 'boolean', default: false },
    churn: { type: 'string' },
    'churn-days': { type: 'string' },
    source: { type: 'string' },
    yes: { type: 'boolean', default: false },
    undo: { type: 'string' },
    'state-dir': { type: 'string' },
  },
  allowPositionals: true,
  run: lmoDashboard,
};

async function lmoDashboard(ctx: CommandContext): Promise<number> {
  const [sub, ...extra] = ctx.positionals;
  if (sub !== 'generate' && sub !== 'deploy' && sub !== 'verify' && sub !== 'pin')
    throw usageError(`${sub ? `Unknown subcommand "${sub}"` : 'A subcommand is needed'}: lmo-dashboard generate, deploy, pin or verify.\n\n${USAGE}`);
  if (extra.length) throw usageError(`Unexpected argument "${extra[0]}".\n\n${USAGE}`);
  if (sub === 'verify') return verifyLmoDashboard(ctx);
  if (sub === 'deploy') return deployLmoDashboardCommand(ctx);
  if (sub === 'pin') return pinLmoDashboardCommand(ctx);
  const out = typeof ctx.args.out === 'string' && ctx.args.out.trim() ? resolve(ctx.args.out) : undefined;
  if (!out) throw usageError(`--out <dir> is needed: the folder the metadata is written into.\n\n${USAGE}`);

  let generated: GeneratedDashboard;
  let churn: ChurnChoice;
  try {
    const base = await remembered(out);
    churn = await chooseChurn(ctx, parseChurnFlag(typeof ctx.args.churn === 'string' ? ctx.args.churn : undefined), base);
    generated = generateLmoDashboard({ ...withFlags(ctx, base.options), churn: churn.mode });
  } catch (err) {
    if (err instanceof LmoDashboardOptionsError) throw usageError(err.message);
    throw err;
  }
  const plan = await planWrites(out, generated);
  const foreign = plan.filter((p) => p.state === 'foreign');
  if (foreign.length)
    throw usageError(
      `Nothing written: ${foreign.map((p) => p.path).join(', ')} ${foreign.length === 1 ? 'is' : 'are'} in ${out} and not generated by lma-workbench. Move ${foreign.length === 1 ? 'it' : 'them'} away or choose another --out.`,
    );
  for (const p of plan) {
    if (p.state === 'unchanged') continue;
    const target = join(out, p.path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, p.content, 'utf8');
  }
  const o = generated.options;
  ctx.out.data({
    out,
    options: o,
    files: plan.map((p) => ({ path: p.path, state: p.state })),
    components: generated.components,
    reports: generated.reports,
    homePageAssignment: generated.homePageAssignment,
    churn: o.churn,
    churnChoice: churn,
  });
  const counts = (['new', 'updated', 'unchanged'] as const).map((s) => `${plan.filter((p) => p.state === s).length} ${s}`).join(', ');
  ctx.out.text(
    [
      `The executives' dashboard, as metadata in ${out} (${counts}):`,
      ...plan.map((p) => `  ${p.state.padEnd(9)} ${p.path}`),
      '',
      `Dashboard "${o.dashboardTitle}" (${o.runningUser.kind === 'dynamic' ? 'dynamic: runs as each viewer' : `runs as ${o.runningUser.username}`}), sandboxes ${o.includeSandboxes ? 'included' : 'excluded'}, ${o.churn === 'history' ? `churn from License history (${o.churnDays} days)` : `churn as an approximation (${o.churnDays} days), labelled so`}.`,
      `Churn report: ${o.churn} (${churn.source}: ${churn.reason}).`,
      `Home page ${o.homePageDeveloperName}: to be assigned in app ${o.app} for profile "${o.profile}" when deployed (the app's metadata is not written here).`,
      `Review and commit the folder, then: lma-workbench lmo-dashboard deploy --source ${out} (a dry run; --yes deploys).`,
    ].join('\n'),
  );
  return EXIT.ok;
}

/** The options in the folder's lmo-dashboard.json, or the defaults when there is none. */
async function remembered(out: string): Promise<{ options: LmoDashboardOptions; fromFile: boolean }> {
  let text: string;
  try {
    text = await readFile(join(out, OPTIONS_FILE), 'utf8');
  } catch {
    return { options: DEFAULT_OPTIONS, fromFile: false };
  }
  return { options: optionsFromFile(text), fromFile: true };
}

/**
 * The churn mode: the flag; else, with an org given explicitly (--target-org or --demo, not the
 * project's default, so a run without flags stays offline), what the org says (auto); else the
 * remembered or default mode, saying why.
 */
async function chooseChurn(ctx: CommandContext, flag: ChurnFlag | undefined, base: { options: LmoDashboardOptions; fromFile: boolean }): Promise<ChurnChoice> {
  const orgGiven = typeof ctx.args['target-org'] === 'string' || ctx.args.demo === true;
  const chosen = churnWithoutOrg(flag, orgGiven, { mode: base.options.churn, remembered: base.fromFile });
  if (chosen) return chosen;
  const client = await ctx.org('target-org', 'target-org');
  return churnFromTracking(await statusHistoryTracked(client, { signal: ctx.signal }));
}

function withFlags(ctx: CommandContext, base: LmoDashboardOptions): LmoDashboardOptions {
  const a = ctx.args;
  const given = (name: string): string | undefined => (typeof a[name] === 'string' ? (a[name] as string) : undefined);
  if (given('running-user') !== undefined && a.dynamic === true) throw usageError('--running-user and --dynamic go separately: pick one.');
  const folder = given('folder');
  const runningUser: RunningUser =
    a.dynamic === true
      ? { kind: 'dynamic' }
      : given('running-user') !== undefined
        ? { kind: 'user', username: given('running-user') as string }
        : base.runningUser;
  return {
    ...base,
    reportFolder: folder === undefined ? base.reportFolder : { label: folder, developerName: `${developerNameFrom(folder, 32)}_Reports` },
    dashboardFolder: folder === undefined ? base.dashboardFolder : { label: folder, developerName: `${developerNameFrom(folder, 29)}_Dashboards` },
    dashboardTitle: given('title') ?? base.dashboardTitle,
    app: given('app') ?? base.app,
    profile: given('profile') ?? base.profile,
    runningUser,
    includeSandboxes: a['include-sandboxes'] === true || base.includeSandboxes,
    churnDays: wholeNumber('churn-days', a['churn-days'], MIN_CHURN_DAYS, MAX_CHURN_DAYS, base.churnDays),
  };
}

type WriteState = 'new' | 'updated' | 'unchanged' | 'foreign';

/** What each file would do; a file in the way that is not ours (or not a plain file) is foreign. */
async function planWrites(out: string, generated: GeneratedDashboard): Promise<{ path: string; content: string; state: WriteState }[]> {
  return Promise.all(
    generated.files.map(async (f) => {
      const target = join(out, f.path);
      const info = await lstat(target).catch(() => undefined);
      if (!info) return { ...f, state: 'new' as const };
      if (!info.isFile()) return { ...f, state: 'foreign' as const };
      const text = await readFile(target, 'utf8');
      if (!isGeneratedFile(f.path, text)) return { ...f, state: 'foreign' as const };
      return { ...f, state: text === f.content ? ('unchanged' as const) : ('updated' as const) };
    }),
  );
}

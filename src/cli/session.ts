/**
 * The org bootstrap every command shares: --target-org (or the project's target-org), or --demo;
 * --timeout; the same openOrg the editor uses. Also the signal Ctrl-C sets, so commands stop
 * after the request in flight instead of being killed mid-write.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CalendarDate, calendarDate } from '../core/calendarDate';
import { type Clock, systemClock } from '../core/clock';
import type { DevHubReader } from '../data/devHub/devHubReader';
import type { LicenseManagementOrg } from '../data/lmo/licenseManagementOrg';
import { type OrgChoice, openOrg, resolveProjectOrgs, salesforceStack } from '../data/org/connect';
import { usageError } from '../data/org/errors';
import type { OrgClient } from '../data/org/orgClient';
import type { DemoScenario } from '../demo/scenarios';
import { type DemoWorker, startDemoWorker } from '../demo/workerClient';
import { type Output } from './output';

/** Options every command takes. */
export const COMMON_OPTIONS = {
  'target-org': { type: 'string', short: 'o' },
  demo: { type: 'boolean', default: false },
  licenses: { type: 'string' },
  'demo-setup': { type: 'string' },
  'demo-scenario': { type: 'string' },
  timeout: { type: 'string' },
  today: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export const COMMON_USAGE = `Org options:
  -o, --target-org <alias|username>  The License Management Org (default: the project's target-org)
  --demo [--licenses <n>]            Use the embedded demo LMO (100 to 1,000,000 licenses; default 5,000)
  --demo-scenario <name>             What the demo shows: showcase (default), broken-setup (the LMA behind, an inactive lead manager),
                                     edge-cases (also customer names that attack every output: what the tests use)
  --demo-setup <list>                Break setup steps in the demo on purpose (none, default, before-trigger,…; see npm run demo-lmo -- --help)
  --timeout <seconds>                Give up on a request after this long (5 to 600; default 120)
  --today <YYYY-MM-DD>               The date the numbers are "as of" (default: today)
  --json                             Print the result (and errors) as JSON`;

export interface CommandContext {
  readonly args: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
  readonly out: Output;
  readonly signal: AbortSignal;
  readonly clock: Clock;
  readonly today: CalendarDate;
  /** Opens the LMO named by the options (once). */
  lmo(): Promise<LicenseManagementOrg>;
  /** Opens an org by another option's name (e.g. --target-dev-hub), falling back to the project's setting. */
  org(optionName: string, projectKey: 'target-org' | 'target-dev-hub'): Promise<OrgClient>;
  devHub(): Promise<DevHubReader | undefined>;
  /** Stops the demo, if one was started. */
  close(): Promise<void>;
}

export interface CliCommand {
  readonly name: string;
  /** Older names that still run the command (partners' scripts use them). */
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly usage: string;
  readonly options: Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? O : never) : never;
  readonly allowPositionals?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export function wholeNumber(name: string, value: string | boolean | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw usageError(`--${name} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`);
  return n;
}

export function createContext(command: CliCommand, argv: readonly string[], out: Output, signal: AbortSignal): CommandContext {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { ...COMMON_OPTIONS, ...(command.options as object) } as never,
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (err) {
    throw usageError(`${(err as Error).message.replace(/^.*?: /, '')}\n\n${command.usage}`);
  }
  const args = parsed.values as Record<string, string | boolean | undefined>;
  const clock = systemClock();
  let today: CalendarDate;
  try {
    today = args.today ? calendarDate(String(args.today)) : clock.today();
  } catch {
    throw usageError('--today must be a date: YYYY-MM-DD.');
  }
  const timeoutMs = wholeNumber('timeout', args.timeout, 5, 600, 120) * 1000;
  let demo: Promise<DemoWorker> | undefined;
  const startDemo = () => {
    demo ??= (async () => {
      const licenses = wholeNumber('licenses', args.licenses, 100, 1_000_000, 5000);
      const scenario = demoScenario(args['demo-scenario']);

      let setup: ReturnType<typeof import('../demo').parseSetupBreaks> | undefined;
      if (typeof args['demo-setup'] === 'string') {
        // The demo itself loads in the worker; here only to refuse a bad list with a usage error.
        const { parseSetupBreaks } = require('../demo') as typeof import('../demo');
        try {
          setup = parseSetupBreaks(args['demo-setup']);
        } catch (err) {
          throw usageError(`--demo-setup: ${(err as Error).message}`);
        }
      }
      // In a worker with a heap sized for the demo: a million licenses outgrow Node's default heap.
      return startDemoWorker(
        demoWorkerFile(),
        { licenses, today, setup, scenario },
        // A demo that dies mid-command (out of memory) says why; its requests then fail as unreachable.
        { onExit: (err) => process.stderr.write(`${err.message}\n`) },
      );
    })();
    return demo;
  };
  const demoEndpoint = async () => {
    const d = await startDemo();
    return {
      url: d.url,
      username: d.username,
      label: 'Demo LMO',
      orgId: d.orgId,
      issueAccessToken: async () => (await d.control<{ accessToken: string }>({ action: 'issueAccessToken' })).accessToken,
    };
  };
  const choose = async (option: string, projectKey: 'target-org' | 'target-dev-hub'): Promise<OrgChoice> => {
    if (args.demo) return { kind: 'demo' };
    const given = args[option];
    if (typeof given === 'string') {
      if (!given.trim()) throw usageError(`--${option} needs an alias or username.`);
      return { kind: 'cli', aliasOrUsername: given.trim() };
    }
    const project = await resolveProjectOrgs(process.cwd());
    const name = projectKey === 'target-org' ? project.targetOrg : project.targetDevHub;
    if (!name) throw usageError(`No org given: pass --${option} <alias>, or run inside a Salesforce DX project with a ${projectKey}.`);
    return { kind: 'cli', aliasOrUsername: name };
  };
  const clients = new Map<string, Promise<OrgClient>>();
  const org = (option: string, projectKey: 'target-org' | 'target-dev-hub') => {
    if (!clients.has(option))
      clients.set(
        option,
        choose(option, projectKey).then((choice) => openOrg(choice, { demo: demoEndpoint, timeoutMs })),
      );
    return clients.get(option) as Promise<OrgClient>;
  };
  let lmo: Promise<LicenseManagementOrg> | undefined;
  return {
    args,
    positionals: parsed.positionals,
    out,
    signal,
    clock,
    today,
    org,
    lmo() {
      lmo ??= org('target-org', 'target-org').then(async (client) => {
        const found = new (await salesforceStack()).LicenseManagementOrg(client, clock);
        const probe = await found.probeLma({ signal });
        if (!probe.installed) throw probe.error;
        return found;
      });
      return lmo;
    },
    async devHub() {
      if (!args['target-dev-hub'] && !args.demo) {
        const project = await resolveProjectOrgs(process.cwd()).catch(() => ({ targetDevHub: undefined }));
        if (!project.targetDevHub) return undefined;
      }
      return new (await salesforceStack()).DevHubReader(await org('target-dev-hub', 'target-dev-hub'));
    },
    async close() {
      if (demo) await (await demo.catch(() => undefined))?.stop();
    },
  };
}

/** The demo's worker script: beside the bundle (dist/cli.js → dist/demoWorker.js), or the compiled source. */
function demoWorkerFile(): string {
  const bundled = join(__dirname, 'demoWorker.js');
  return existsSync(bundled) ? bundled : join(__dirname, '..', 'demo', 'worker.js');
}

/** --demo-scenario's names (the command line's spelling of src/demo/scenarios.ts). */
const DEMO_SCENARIO_NAMES = { showcase: 'showcase', 'broken-setup': 'brokenSetup', 'edge-cases': 'edgeCases' } as const satisfies Record<string, DemoScenario>;

function demoScenario(value: string | boolean | undefined): DemoScenario {
  if (value === undefined) return 'showcase';
  const scenario = typeof value === 'string' ? DEMO_SCENARIO_NAMES[value.trim().toLowerCase() as keyof typeof DEMO_SCENARIO_NAMES] : undefined;
  if (!scenario) throw usageError(`--demo-scenario must be one of ${Object.keys(DEMO_SCENARIO_NAMES).join(', ')}, not ${JSON.stringify(value)}.`);
  return scenario;
}

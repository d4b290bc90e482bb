/**
 * The dashboard's numbers from the command line, for CI and scripts, through the same core and
 * data layer as the extension and the user's Salesforce CLI logins:
 *
 *   node dist/cli.js report [--target-org <alias>] [--package <name or id>] [--include-sandboxes]
 *                           [--churn-days 90] [--today YYYY-MM-DD] [--json]
 *   node dist/cli.js report --demo [--licenses 20000]      (the embedded demo LMO)
 */
import { parseArgs } from 'node:util';
import { calendarDate } from '../core/calendarDate';
import { systemClock } from '../core/clock';
import { metricsMarkdown } from '../core/metrics/summary';
import { connectCliOrg, connectWithAccessToken, resolveTargetOrg } from '../data/connect';
import { LmoError } from '../data/errors';
import { LicenseManagementOrg } from '../data/lmo';

const USAGE = `Usage: lma-workbench report [--target-org <alias|username>] [--package <name|id>] [--include-sandboxes]
                           [--churn-days <days>] [--today YYYY-MM-DD] [--json]
       lma-workbench report --demo [--licenses <n>]
Without --target-org, the target-org of the Salesforce DX project in the current folder is used.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      'target-org': { type: 'string', short: 'o' },
      package: { type: 'string' },
      'include-sandboxes': { type: 'boolean', default: false },
      'churn-days': { type: 'string', default: '90' },
      today: { type: 'string' },
      json: { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      licenses: { type: 'string', default: '5000' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (command !== 'report' || values.help) {
    process.stdout.write(`${USAGE}\n`);
    return command === 'report' || values.help ? 0 : 2;
  }
  const churnDays = Number(values['churn-days']);
  if (!Number.isInteger(churnDays) || churnDays < 1) throw new LmoError('unknown', '--churn-days must be a positive whole number', 'bad argument');
  const clock = systemClock();
  const today = values.today ? calendarDate(values.today) : clock.today();

  let stop: (() => Promise<void>) | undefined;
  let lmo: LicenseManagementOrg;
  if (values.demo) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DemoLmo } = require('../demo') as typeof import('../demo');
    const demo = await DemoLmo.start({ licenses: Number(values.licenses), today });
    stop = () => demo.close();
    lmo = await connectWithAccessToken({ clock, instanceUrl: demo.url, accessToken: demo.accessToken, label: 'Demo LMO', username: demo.username, source: 'demo', reloginHint: 'run the report with --demo again' });
  } else {
    const alias = values['target-org'] ?? (await resolveTargetOrg(process.cwd()));
    if (!alias) throw new LmoError('unknown', 'No org given: pass --target-org <alias>, or run inside a Salesforce DX project with a target-org.', 'no target org');
    lmo = await connectCliOrg(alias, { clock });
  }
  try {
    const probe = await lmo.probeLma();
    if (!probe.installed) throw probe.error;
    let packageId: string | undefined;
    if (values.package) {
      const wanted = values.package.trim().toLowerCase();
      const packages = await lmo.packages();
      const found = packages.find((p) => p.id.toLowerCase().startsWith(wanted.slice(0, 15)) || p.name.toLowerCase() === wanted || p.packageId?.toLowerCase().startsWith(wanted.slice(0, 15)));
      if (!found) throw new LmoError('notFound', `No package "${values.package}" in ${lmo.target.label}. Packages: ${packages.map((p) => p.name).join(', ')}`, 'package not found');
      packageId = found.id;
    }
    const { metrics, apiCalls } = await lmo.dashboard({ today, includeSandboxes: values['include-sandboxes'], churnDays, packageId });
    const scopeLabel = `${values.package ?? 'all packages'}, sandboxes ${values['include-sandboxes'] ? 'included' : 'excluded'}`;
    if (values.json) process.stdout.write(`${JSON.stringify({ org: lmo.target.label, scope: scopeLabel, apiCalls, metrics }, null, 2)}\n`);
    else process.stdout.write(metricsMarkdown(metrics, { orgLabel: lmo.target.label, scopeLabel }));
    return 0;
  } finally {
    await stop?.();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`lma-workbench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

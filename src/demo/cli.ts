/**
 * The demo LMO as a standalone server:
 *   node dist/demoLmoCli.js [--licenses 5000] [--seed 42] [--port 0] [--today YYYY-MM-DD] [--lma-version 1.18.0] [--no-lma] [--no-fma]
 *                           [--setup none|default|before-trigger,…] [--changes-per-minute N]
 *                           [--profile pbo|dev-hub] [--dev-hub-org-id ID] [--link-delay SECONDS]
 *                           [--app-analytics enabled|disabled|no-access] [--pbo-licensing]
 *                           [--scenario showcase|broken-setup|edge-cases]
 * Prints its URL and an access token, so any Salesforce tool can use it, e.g.
 *   SF_ACCESS_TOKEN='<token>' sf org login access-token --instance-url <url> --alias demo-lmo --no-prompt
 */
import { parseArgs } from 'node:util';
import { DEFAULT_SETUP_BREAKS, SETUP_BREAK_HELP, parseSetupBreaks } from './setup';
import { DEMO_LMA_VERSION, MAX_DEMO_LICENSES, MIN_DEMO_LICENSES } from './http/demoOptions';
import { DEFAULT_LINK_DELAY_MS, MAX_LINK_DELAY_MS } from './http/packageLinks';
import { DemoLmo } from './http/server';
import { type DemoScenario } from './scenarios';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      licenses: { type: 'string', default: '5000' },
      seed: { type: 'string', default: '42' },
      port: { type: 'string', default: '0' },
      today: { type: 'string' },
      'lma-version': { type: 'string' },
      scenario: { type: 'string', default: 'edge-cases' },
      'no-lma': { type: 'boolean', default: false },
      'no-fma': { type: 'boolean', default: false },
      setup: { type: 'string' },
      'changes-per-minute': { type: 'string', default: '0' },
      profile: { type: 'string', default: 'pbo' },
      'dev-hub-org-id': { type: 'string' },
      'link-delay': { type: 'string', default: String(DEFAULT_LINK_DELAY_MS / 1000) },
      'app-analytics': { type: 'string', default: 'enabled' },
      'pbo-licensing': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(
      [
        'Usage: node dist/demoLmoCli.js [--licenses N] [--seed N] [--port N] [--today YYYY-MM-DD] [--lma-version X.Y.Z] [--no-lma] [--no-fma] [--setup LIST] [--changes-per-minute N]',
        '                               [--profile pbo|dev-hub] [--dev-hub-org-id ID] [--link-delay SECONDS] [--json]',
        '                               [--app-analytics enabled|disabled|no-access] [--pbo-licensing] [--scenario NAME]',
        '',
        '--scenario         what the demo shows (scripts and options below override it): edge-cases (default: hostile customer names,',
        `                   the LMA behind at ${DEMO_LMA_VERSION}, setup steps broken on purpose), showcase (plausible customers, everything in`,
        "                   order: what npm start shows), broken-setup (plausible customers, the setup checklist's tour of what can go wrong)",
        '--profile pbo      the Partner Business Org: the LMO and the Dev Hub that owns the packages (default)',
        '--profile dev-hub  a Dev Hub without the LMA, with its own org id (run an LMO beside it with --dev-hub-org-id <its id>)',
        '--link-delay       seconds the Partner Console (<url>/partnerconsole) takes to link a package (default 20)',
        '--app-analytics    App Analytics for the packages: enabled (default), disabled (requests end Failed), no-access (the object is not visible)',
        '--pbo-licensing    the PBO licensing objects (SfdcPartnerTenant, SfdcPartnerTenantPackage, SfdcPartnerTntPkgLicense)',
        '',
        `--setup breaks setup steps on purpose, for the setup checklist (comma-separated; "none" for a clean setup; default: ${DEFAULT_SETUP_BREAKS.join(', ')}):`,
        ...Object.entries(SETUP_BREAK_HELP).map(([name, help]) => `  ${name.padEnd(22)} ${help}`),
        '',
      ].join('\n'),
    );
    return;
  }
  const licenses = Number(values.licenses);
  if (!/^\d+$/.test(values.licenses ?? '') || !Number.isInteger(licenses) || licenses < MIN_DEMO_LICENSES || licenses > MAX_DEMO_LICENSES)
    throw new Error('--licenses must be a whole number from 100 to 1,000,000');
  if (!/^\d+$/.test(values.seed ?? '')) throw new Error('--seed must be a whole number');
  const scenarios: Record<string, DemoScenario> = { showcase: 'showcase', 'broken-setup': 'brokenSetup', 'edge-cases': 'edgeCases' };
  if (!Object.hasOwn(scenarios, values.scenario ?? ''))
    throw new Error(`--scenario must be one of ${Object.keys(scenarios).join(', ')}, not ${JSON.stringify(values.scenario)}`);
  const setup = values.setup === undefined ? undefined : parseSetupBreaks(values.setup);
  const changesPerMinute = Number(values['changes-per-minute']);
  if (!/^\d+$/.test(values['changes-per-minute'] ?? '') || changesPerMinute > 600_000)
    throw new Error('--changes-per-minute must be a whole number from 0 to 600,000');
  if (values.profile !== 'pbo' && values.profile !== 'dev-hub') throw new Error('--profile is pbo or dev-hub');
  const linkDelay = Number(values['link-delay']);
  if (!/^\d+$/.test(values['link-delay'] ?? '') || linkDelay * 1000 > MAX_LINK_DELAY_MS)
    throw new Error(`--link-delay must be a whole number of seconds from 0 to ${MAX_LINK_DELAY_MS / 1000}`);
  const devHubOrgId = values['dev-hub-org-id'];
  if (devHubOrgId !== undefined && !/^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(devHubOrgId)) throw new Error('--dev-hub-org-id must be an org id (00D…)');
  const appAnalytics = { enabled: 'enabled', disabled: 'disabled', 'no-access': 'noAccess' } as const;
  const mode = appAnalytics[values['app-analytics'] as keyof typeof appAnalytics];
  if (!Object.hasOwn(appAnalytics, values['app-analytics'] ?? '')) throw new Error('--app-analytics is enabled, disabled or no-access');
  const started = Date.now();
  const demo = await DemoLmo.start({
    licenses,
    seed: Number(values.seed),
    port: Number(values.port),
    today: values.today,
    scenario: scenarios[values.scenario as string],
    lmaVersion: values['lma-version'],
    lmaInstalled: !values['no-lma'],
    fmaInstalled: !values['no-fma'],
    setup,
    changesPerMinute,
    profile: values.profile === 'dev-hub' ? 'devHub' : 'pbo',
    devHubOrgId,
    linkDelayMs: linkDelay * 1000,
    appAnalytics: mode,
    pboLicensing: values['pbo-licensing'],
  });
  const info = {
    url: demo.url,
    accessToken: demo.accessToken,
    controlToken: demo.controlToken,
    username: demo.username,
    orgId: demo.orgId,
    profile: demo.profile,
    licenses: demo.licenseCount,
    today: demo.today,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(info)}\n`);
  } else {
    process.stdout.write(
      [
        `Demo LMO listening on ${demo.url} (${demo.licenseCount.toLocaleString('en-US')} licenses, as of ${demo.today}, ready in ${Date.now() - started} ms)`,
        `Org:           ${demo.orgId} (${demo.profile === 'devHub' ? 'a Dev Hub without the LMA' : demo.ownsPackages ? 'LMO and Dev Hub' : `LMO; packages owned by ${demo.devHubOrgId}`})`,
        `Username:      ${demo.username}`,
        `Access token:  ${demo.accessToken}`,
        `Control token: ${demo.controlToken}`,
        '',
        'Use it with the Salesforce CLI:',
        `  SF_ACCESS_TOKEN='${demo.accessToken}' sf org login access-token --instance-url ${demo.url} --alias demo-lmo --no-prompt`,
        '',
        ...(demo.profile === 'pbo'
          ? [`Partner Console (log in first, e.g. sf org open --url-only --path /partnerconsole): ${demo.url}/partnerconsole`, '']
          : []),
        'Press Ctrl-C to stop.',
        '',
      ].join('\n'),
    );
  }
  const stop = () => {
    void demo.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`demo LMO: ${err.message}\n`);
  process.exit(1);
});

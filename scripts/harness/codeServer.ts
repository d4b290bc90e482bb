/** Starts code-server (a real VS Code with a Node extension host) with given extensions installed from .vsix files. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { createServer, isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Tools } from './tools';

export interface CodeServerOptions {
  /** Folder opened as the workspace. */
  readonly workspace: string;
  /** .vsix files installed the way users install them. */
  readonly vsixes: readonly string[];
  /** User settings merged over the harness defaults. */
  readonly settings?: Record<string, unknown>;
  /** Extra environment for the server (and so for the extension host). */
  readonly env?: NodeJS.ProcessEnv;
  readonly port?: number;
  /** Bind address; 127.0.0.1 unless the user asks for more. */
  readonly host?: string;
  readonly log?: (line: string) => void;
}

export const BASE_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'workbench.colorTheme': 'Default Dark Modern',
};

/** Whether an IP address (not a name) is a loopback address: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackIp(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(a) === 4) return a.split('.')[0] === '127';
  if (isIP(a) !== 6) return false;
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return !!mapped && isLoopbackIp(mapped[1]);
}

export type Lookup = (host: string) => Promise<readonly { address: string }[]>;
const systemLookup: Lookup = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Whether a bind address is loopback, proven by resolution: an IP literal by its value, a name by
 * resolving it — every address it resolves to must be loopback (127.evil.example is just a name),
 * and a name that does not resolve is not proven. The address to bind comes back too, so the
 * server binds what was checked (a name could resolve differently a moment later).
 */
export async function provenLoopback(host: string, resolve: Lookup = systemLookup): Promise<{ loopback: boolean; bind: string }> {
  const h = host.replace(/^\[|\]$/g, '');
  if (isIP(h)) return { loopback: isLoopbackIp(h), bind: h };
  let addresses: readonly { address: string }[];
  try {
    addresses = await resolve(h);
  } catch {
    return { loopback: false, bind: host };
  }
  const loopback = addresses.length > 0 && addresses.every((a) => isLoopbackIp(a.address));
  return { loopback, bind: loopback ? addresses[0].address : host };
}

/**
 * How code-server is protected on a bind address: no password on an address proven loopback (only
 * this machine can reach it); anywhere else a generated password, since the editor gives whoever
 * reaches the port a terminal.
 */
export async function accessFor(
  host: string,
  resolve?: Lookup,
): Promise<({ readonly auth: 'none' } | { readonly auth: 'password'; readonly password: string }) & { readonly bind: string }> {
  const { loopback, bind } = await provenLoopback(host, resolve);
  return loopback ? { auth: 'none', bind } : { auth: 'password', password: randomBytes(18).toString('base64url'), bind };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  private constructor(
    readonly url: string,
    readonly root: string,
    readonly userDataDir: string,
    readonly extensionsDir: string,
    private readonly child: ChildProcess,
    private readonly output: string[],
  ) {}

  static async start(tools: Tools, options: CodeServerOptions): Promise<CodeServer> {
    const say = options.log ?? (() => undefined);
    const root = mkdtempSync(join(tmpdir(), 'lma-code-server-'));
    const userDataDir = join(root, 'user-data');
    const extensionsDir = join(root, 'extensions');
    const config = join(root, 'config.yaml');
    mkdirSync(join(userDataDir, 'User'), { recursive: true });
    mkdirSync(extensionsDir, { recursive: true });
    const host = options.host ?? '127.0.0.1';
    const access = await accessFor(host);
    writeFileSync(config, `auth: ${access.auth}\ncert: false\n`);
    writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...(options.settings ?? {}) }, null, 2));
    const env: NodeJS.ProcessEnv = { ...process.env, ...(options.env ?? {}) };
    delete env.PASSWORD;
    delete env.HASHED_PASSWORD;
    const base = [tools.codeServerEntry, '--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    for (const vsix of options.vsixes) {
      say(`Installing ${vsix}…`);
      execFileSync(tools.node, [...base, '--install-extension', vsix], { env, stdio: 'pipe' });
    }
    const port = options.port ?? (await freePort());
    const child = spawn(
      tools.node,
      [
        ...base,
        '--auth',
        access.auth,
        '--bind-addr',
        // A name is bound as the loopback address it was proven to resolve to (accessFor).
        `${isIP(host.replace(/^\[|\]$/g, '')) || access.auth === 'password' ? host : access.bind}:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        options.workspace,
      ],
      {
        env: access.auth === 'password' ? { ...env, PASSWORD: access.password } : env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const output: string[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output.join('')}`)), 60_000);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('HTTP server listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code}) before listening:\n${output.join('')}`));
      });
    });
    await ready;
    say(`code-server listening on http://${host}:${port}/`);
    if (access.auth === 'password')
      say(`It is reachable from other machines, so it asks for a password: ${access.password} (shown once; a new one at every start).`);
    return new CodeServer(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`, root, userDataDir, extensionsDir, child, output);
  }

  /** The workbench URL with a folder open. */
  workbenchUrl(folder: string): string {
    return `${this.url}/?folder=${encodeURIComponent(folder)}`;
  }

  /** Copies the server's logs (extension host logs included) into a folder, for a human to read. */
  copyLogs(destination: string): void {
    mkdirSync(destination, { recursive: true });
    writeFileSync(join(destination, 'code-server.log'), this.output.join(''));
    const logs = join(this.userDataDir, 'logs');
    if (existsSync(logs)) cpSync(logs, join(destination, 'logs'), { recursive: true });
  }

  async stop(options: { keep?: boolean } = {}): Promise<void> {
    if (this.child.exitCode === null && this.child.pid) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      try {
        process.kill(-this.child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (!options.keep) rmSync(this.root, { recursive: true, force: true });
  }
}

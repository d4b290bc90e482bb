/**
 * Runs the command line as a user runs it: dist/cli.js in a child process, asynchronous (the demo LMO answers from
 * this process's event loop). With LMA_CLI_IN_PROCESS=1 (the mutation tests' cli scope, docs/mutation.md) it calls
 * the same entry, main(argv, out) of src/cli/main.ts, in this process instead, with stdout and stderr captured,
 * the given environment and working directory applied for the run: the only way a mutation tool that instruments
 * this process can see the CLI's code run. Same arguments, same exit code, same output.
 */
import { execFile, execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';

export const ROOT = resolve(__dirname, '../../..');

/** LMA_CLI_IN_PROCESS=1: the CLI runs in this process (see above). */
export const CLI_IN_PROCESS = process.env.LMA_CLI_IN_PROCESS === '1';

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Builds dist/ (once per test file's before hook); nothing to build when the CLI runs in process. */
export function buildCli(): void {
  if (CLI_IN_PROCESS) return;
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  if (CLI_IN_PROCESS) return runInProcess(args, options);
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(ROOT, 'dist', 'cli.js'), ...args],
      { encoding: 'utf8', env: options.env ?? process.env, cwd: options.cwd, timeout: options.timeoutMs ?? 60_000 },
      (err, stdout, stderr) => done({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

// One in-process run at a time: each may set the environment and the working directory for its duration.
let queue: Promise<unknown> = Promise.resolve();

function runInProcess(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const run = queue.then(async () => {
    // Loaded here, not at the top: the child-process path must not load the CLI into the test process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { main } = require('../../src/cli/main') as typeof import('../../src/cli/main');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Output } = require('../../src/cli/output') as typeof import('../../src/cli/output');
    const stdout = new Capture();
    const stderr = new Capture();
    const savedEnv = { ...process.env };
    const savedCwd = process.cwd();
    if (options.env) setEnvironment(options.env);
    if (options.cwd) process.chdir(options.cwd);
    try {
      const status = await main(args, new Output(args.includes('--json'), stdout, stderr));
      return { status, stdout: stdout.text, stderr: stderr.text };
    } catch (err) {
      // A child process would have died with a stack trace and exit code 1.
      return { status: 1, stdout: stdout.text, stderr: `${stderr.text}${(err as Error).stack ?? String(err)}\n` };
    } finally {
      process.chdir(savedCwd);
      setEnvironment(savedEnv);
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Makes process.env equal to `env` (keys set one by one: Node re-reads TZ when it is assigned). */
function setEnvironment(env: NodeJS.ProcessEnv): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  for (const [key, value] of Object.entries(env)) if (value !== undefined && process.env[key] !== value) process.env[key] = value;
}

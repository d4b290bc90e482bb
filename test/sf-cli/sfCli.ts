/**
 * The real Salesforce CLI (`@salesforce/cli`, installed by the project's provisioning into the
 * tools cache), run as a user runs it: a child process with its own throw-away HOME, so its auth
 * store is this run's alone. The login follows the recipe in docs/demo.md, read from the file.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { provisionSalesforceCli } from '../../scripts/harness/tools';
import { type DemoLmo } from '../../src/demo';

export const ROOT = resolve(__dirname, '../../..');
/** Generous: the CLI takes 2–5 s to start, more on a busy machine; but never hang the run. */
export const COMMAND_TIMEOUT_MS = 90_000;

export interface SfRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The demo LMO's login recipe, as docs/demo.md writes it: the one `sf org login access-token …` line in the shell blocks of "Running it alone". */
export function readmeLoginRecipe(): string {
  const doc = readFileSync(join(ROOT, 'docs', 'demo.md'), 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Running it alone'));
  assert.ok(section, 'docs/demo.md has a "## Running it alone" section');
  const code = [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]).join('\n');
  const lines = code.split('\n').filter((l) => /\bsf org login access-token\b/.test(l));
  assert.equal(lines.length, 1, `one login recipe in the demo section's shell blocks, found: ${lines.join(' | ')}`);
  return lines[0].trim();
}

/** What a child process of the CLI gets: this environment without npm's variables or proxies, with its own HOME. */
function childEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key) && !/^(https?|all|no)_proxy$/i.test(key)) env[key] = value;
  return {
    ...env,
    HOME: home,
    USERPROFILE: home,
    SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
    SF_DISABLE_AUTOUPDATE: 'true',
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    ...extra,
  };
}

/** Runs a program without blocking: the demo LMO answers from this process's event loop. */
function spawnText(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<SfRun> {
  return new Promise((done) => {
    execFile(file, args, { encoding: 'utf8', env, cwd, timeout: COMMAND_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const status = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      done({ status, stdout, stderr: err && status === null ? `${stderr}\n${err.message}` : stderr });
    });
  });
}

/**
 * The cells of one row of a table the CLI printed: drawn with box characters (`a │ b`) in a
 * terminal, plainly (`a  b`, two or more spaces between cells) when `CI` is set, as on a CI machine.
 */
export function tableCells(line: string): string[] {
  return line
    .split(/[│┃|]/.test(line) ? /[│┃|]/ : / {2,}|\t/)
    .map((c) => c.trim())
    .filter(Boolean);
}

export class SfCli {
  /** `bin/run.js` of the installed CLI: from the tier (LMA_SF_CLI), or provisioned now (fast once installed). */
  static readonly runJs = process.env.LMA_SF_CLI ?? provisionSalesforceCli();
  readonly home: string;
  /** A working folder for files the CLI writes (tree exports). */
  readonly work: string;

  constructor() {
    this.home = mkdtempSync(join(tmpdir(), 'lma-sf-cli-home-'));
    this.work = join(this.home, 'work');
    mkdirSync(this.work);
  }

  /** Removes the throw-away HOME (its auth store, logs and exports). */
  dispose(): void {
    rmSync(this.home, { recursive: true, force: true });
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return childEnv(this.home, extra);
  }

  /** `sf <args>`. */
  run(...args: string[]): Promise<SfRun> {
    return spawnText(process.execPath, [SfCli.runJs, ...args], this.env(), this.work);
  }

  /** `sf <args>` with more environment variables (a switch the CLI reads from the environment). */
  runWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<SfRun> {
    return spawnText(process.execPath, [SfCli.runJs, ...args], this.env(extra), this.work);
  }

  /** `sf <args> --json`: the command must succeed; its `result`. */
  async json<T = Record<string, unknown>>(...args: string[]): Promise<T> {
    const run = await this.run(...args, '--json');
    assert.equal(run.status, 0, `sf ${args.join(' ')} --json failed: ${run.stdout}\n${run.stderr}`);
    const parsed = JSON.parse(run.stdout) as { status: number; result: T };
    assert.equal(parsed.status, 0);
    return parsed.result;
  }

  /** This project's own CLI (`node dist/cli.js …`) with the same HOME: it sees the logins the real CLI made. */
  product(...args: string[]): Promise<SfRun> {
    return spawnText(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], this.env(), ROOT);
  }

  /**
   * The recipe in docs/demo.md, as written, in a shell: `sf` on PATH is the installed CLI; `<token>` and
   * `<url>` are the demo's. Returns the run and the alias the recipe names.
   */
  async loginByReadme(demo: DemoLmo, token: string): Promise<{ run: SfRun; alias: string }> {
    const recipe = readmeLoginRecipe();
    assert.ok(recipe.includes('<token>') && recipe.includes('<url>'), recipe);
    const alias = /--alias\s+(\S+)/.exec(recipe)?.[1];
    assert.ok(alias, `the recipe names an alias: ${recipe}`);
    const bin = join(this.home, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'sf'), `#!/bin/sh\nexec "${process.execPath}" "${SfCli.runJs}" "$@"\n`);
    chmodSync(join(bin, 'sf'), 0o755);
    const command = recipe.replace('<token>', token).replace('<url>', demo.url);
    const run = await spawnText('/bin/bash', ['-c', command], this.env({ PATH: `${bin}:${process.env.PATH ?? ''}` }), this.work);
    return { run, alias };
  }
}

/** Splits CSV text as the CLI writes it (values quoted when they hold a comma or quote). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.split(/\r?\n/).filter((l) => l.length > 0)) {
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (c === '"') quoted = false;
        else cell += c;
      } else if (c === '"') quoted = true;
      else if (c === ',') {
        cells.push(cell);
        cell = '';
      } else cell += c;
    }
    cells.push(cell);
    rows.push(cells);
  }
  return rows;
}

/**
 * The rooms' import rules (eslint.config.mjs) catch what they forbid: each case is a probe file,
 * written into the room it speaks for, that imports one thing; ESLint must report the forbidden
 * imports and let the allowed ones through. The probes are real files (the typed lint needs the
 * TypeScript project to see them) and are removed whatever happens.
 */
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..', '..', '..');
const RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-imports', 'max-lines']);

interface Case {
  /** What the rule says, as the test's name. */
  readonly rule: string;
  /** The probe's folder, relative to the repository. */
  readonly room: string;
  readonly source: string;
  readonly reported: boolean;
  /** Lint this file's own path with the probe's text instead of a new file (a loader). */
  readonly asFile?: string;
}

const value = (from: string, name: string) => `import { ${name} } from '${from}';\nexport const probe = ${name};\n`;
const typeOnly = (from: string, name: string) => `import type { ${name} } from '${from}';\nexport type Probe = ${name};\n`;
const restricted = (r: ESLint.LintResult) => r.messages.filter((m) => m.ruleId && RULES.has(m.ruleId)).map((m) => m.message);
const vscode = "import * as vscode from 'vscode';\nexport const probe = vscode;\n";

const CASES: readonly Case[] = [
  // The editor's capability rooms: their own folder, kit and connections; another capability's types only.
  {
    rule: 'an editor capability does not use another capability’s values',
    room: 'src/editor/dashboard',
    source: value('../installBase/installBaseTree', 'InstallBaseTree'),
    reported: true,
  },
  {
    rule: 'an editor capability may use another capability’s types',
    room: 'src/editor/dashboard',
    source: typeOnly('../installBase/installBaseTree', 'InstallBaseTree'),
    reported: false,
  },
  { rule: 'an editor capability uses the kit', room: 'src/editor/dashboard', source: value('../kit/prompts', 'windowPrompts'), reported: false },
  { rule: 'the editor kit uses no capability’s values', room: 'src/editor/kit', source: value('../linking/linkingFeature', 'activateLinking'), reported: true },
  { rule: 'no file over 400 lines', room: 'src/core', source: `${'export const line = 1;\n'.repeat(400)}export const more = 1;\n`, reported: true },
  {
    rule: 'a file of 400 lines is fine',
    room: 'src/core',
    source: 'export const line = 1;\n'.repeat(400).replace(/line = 1;\n/g, (m, offset: number) => m.replace('line', `line${offset}`)),
    reported: false,
  },
  // No `vscode` outside the editor.
  ...['src/core', 'src/data/lmo', 'src/cli', 'src/demo', 'src/storage', 'src/webview/shared'].map((room) => ({
    rule: `${room} does not import vscode`,
    room,
    source: vscode,
    reported: true,
  })),
  // The core imports nothing of the product.
  { rule: 'core does not import data', room: 'src/core', source: value('../data/org/errors', 'usageError'), reported: true },
  { rule: 'core does not import the editor', room: 'src/core', source: value('../editor/kit/log', 'Log'), reported: true },
  { rule: 'core does not import the CLI', room: 'src/core', source: value('../cli/output', 'EXIT'), reported: true },
  { rule: 'core does not import the demo', room: 'src/core', source: value('../demo/random', 'Random'), reported: true },
  { rule: 'core does not import storage', room: 'src/core', source: value('../storage/journal', 'defaultStateDir'), reported: true },
  { rule: 'core imports core', room: 'src/core', source: value('./orgId', 'orgKey'), reported: false },
  // The data layer imports the core only.
  { rule: 'data does not import the editor', room: 'src/data/lmo', source: value('../../editor/kit/log', 'Log'), reported: true },
  { rule: 'data does not import the CLI', room: 'src/data/lmo', source: value('../../cli/output', 'EXIT'), reported: true },
  { rule: 'data does not import the webview', room: 'src/data/lmo', source: value('../../webview/shared/dom', 'h'), reported: true },
  { rule: 'data does not import storage', room: 'src/data/lmo', source: value('../../storage/journal', 'defaultStateDir'), reported: true },
  { rule: 'data does not import the demo', room: 'src/data/lmo', source: value('../../demo/random', 'Random'), reported: true },
  { rule: 'data imports the core', room: 'src/data/lmo', source: value('../../core/orgId', 'orgKey'), reported: false },
  // Storage imports the core only.
  { rule: 'storage does not import data', room: 'src/storage', source: value('../data/org/errors', 'usageError'), reported: true },
  { rule: 'storage imports the core', room: 'src/storage', source: value('../core/orgId', 'orgKey'), reported: false },
  // The CLI imports core, data and storage, never the editor.
  { rule: 'the CLI does not import the editor', room: 'src/cli', source: value('../editor/kit/log', 'Log'), reported: true },
  { rule: 'the CLI imports storage', room: 'src/cli', source: value('../storage/journal', 'defaultStateDir'), reported: false },
  // The webview: the core's types only.
  { rule: "the webview does not import the core's values", room: 'src/webview/shared', source: value('../../core/orgId', 'orgKey'), reported: true },
  { rule: "the webview imports the core's types", room: 'src/webview/shared', source: typeOnly('../../core/license', 'License'), reported: false },
  { rule: 'the webview does not import storage', room: 'src/webview/shared', source: typeOnly('../../storage/journal', 'LicenseJournal'), reported: true },
  // The Salesforce stack's values only through its loader.
  {
    rule: 'data imports no salesforceStack value outside its loader',
    room: 'src/data/lmo',
    source: value('../org/salesforceStack', 'OrgClient'),
    reported: true,
  },
  {
    rule: 'the CLI imports no salesforceStack value outside its loader',
    room: 'src/cli',
    source: value('../data/org/salesforceStack', 'OrgClient'),
    reported: true,
  },
  { rule: "data imports salesforceStack's types", room: 'src/data/lmo', source: typeOnly('../org/salesforceStack', 'OrgClient'), reported: false },
  {
    rule: 'the loader (data/org/connect.ts) imports salesforceStack values',
    room: 'src/data/org',
    asFile: 'src/data/org/connect.ts',
    source: value('./salesforceStack', 'OrgClient'),
    reported: false,
  },
  // The demo's values only through workerClient.ts.
  { rule: 'the CLI imports no demo value outside workerClient', room: 'src/cli', source: value('../demo/random', 'Random'), reported: true },
  { rule: 'the CLI starts the demo through workerClient', room: 'src/cli', source: value('../demo/workerClient', 'startDemoWorker'), reported: false },
];

describe('lint: the rooms import what the architecture says', function () {
  // One typed lint of a few small files; the TypeScript projects take a while to load.
  this.timeout(300_000);
  const results = new Map<number, string[]>();

  before(async () => {
    const probes: string[] = [];
    const texts: { text: string; filePath: string; index: number }[] = [];
    try {
      CASES.forEach((c, index) => {
        if (c.asFile) {
          texts.push({ text: c.source, filePath: join(ROOT, c.asFile), index });
          return;
        }
        const file = join(ROOT, c.room, `lintProbe${index}.ts`);
        writeFileSync(file, c.source);
        probes.push(file);
      });
      const eslint = new ESLint({ cwd: ROOT });
      const byFile = new Map((await eslint.lintFiles(probes)).map((r) => [r.filePath, r]));
      CASES.forEach((c, index) => {
        if (c.asFile) return;
        const r = byFile.get(join(ROOT, c.room, `lintProbe${index}.ts`));
        if (r) results.set(index, restricted(r));
      });
      for (const t of texts) {
        const [r] = await eslint.lintText(t.text, { filePath: t.filePath });
        results.set(t.index, restricted(r));
      }
    } finally {
      for (const file of probes) rmSync(file, { force: true });
    }
  });

  CASES.forEach((c, index) =>
    it(`${c.reported ? 'reports' : 'allows'}: ${c.rule}`, () => {
      const messages = results.get(index);
      assert.ok(messages, `${c.room}: the probe was not linted`);
      if (c.reported) assert.ok(messages.length > 0, `${c.room}: ${c.source.split('\n')[0]} is not reported`);
      else assert.deepEqual(messages, [], `${c.room}: ${c.source.split('\n')[0]} is reported`);
    }),
  );
});

/**
 * Runs the extension-host mocha suite inside code-server: installs the product .vsix and the
 * test runner extension, starts the workbench in Chromium (which starts the extension host),
 * waits for the runner's JSON report and prints it like mocha's spec reporter.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, openWorkbench } from './browser';
import { CodeServer } from './codeServer';
import { logFailure } from './failureLog';
import { type Tools } from './tools';
import { REPO, buildRunnerVsix } from './vsix';

interface MochaJson {
  stats: { passes: number; failures: number; pending: number; tests: number; duration?: number };
  tests: { fullTitle: string; duration?: number; err: { message?: string; stack?: string } }[];
  failures: { fullTitle: string; err: { message?: string; stack?: string } }[];
  pending: { fullTitle: string }[];
}

/**
 * Runs a module inside the extension host of a real VS Code (code-server, opened in Chromium):
 * the runner extension requires `suite` and calls its `run({ jsonReport })`, which writes a JSON
 * result. Returns that JSON, or undefined if nothing was written in time (logs are then copied).
 */
export async function runInExtensionHost(
  tools: Tools,
  options: { vsix: string; workspace: string; suite: string; env?: NodeJS.ProcessEnv; artifacts: string; timeoutMs?: number },
): Promise<{ json: unknown; server: CodeServer } | undefined> {
  const resultDir = mkdtempSync(join(tmpdir(), 'lma-exthost-'));
  const result = join(resultDir, 'result.json');
  const server = await CodeServer.start(tools, {
    workspace: options.workspace,
    vsixes: [options.vsix, buildRunnerVsix()],
    // The first-run welcome (the walkthrough in an editor) would sit in front of every test.
    // The tests' demo: every edge case real orgs have, hostile customer names included (src/demo/scenarios.ts).
    settings: { 'lmaWorkbench.showWelcome': false, 'lmaWorkbench.demo.scenario': 'edgeCases' },
    // One "today" for the whole run (the demo's data and the extension's clock), even past midnight.
    env: {
      LMA_WORKBENCH_TODAY: process.env.LMA_WORKBENCH_TODAY ?? new Date().toISOString().slice(0, 10),
      ...options.env,
      LMA_EXTHOST_TESTS: options.suite,
      LMA_EXTHOST_RESULT: result,
      LMA_WORKBENCH_TEST_HOOKS: '1',
    },
  });
  const browser = await launchChromium(tools.chromium);
  const deadline = Date.now() + (options.timeoutMs ?? 10 * 60_000);
  let reported = false;
  try {
    await openWorkbench(browser, server.workbenchUrl(options.workspace));
    while (!existsSync(result) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (!existsSync(result)) {
      server.copyLogs(join(options.artifacts, 'extension-host-logs'));
      return undefined;
    }
    await new Promise((r) => setTimeout(r, 200));
    reported = true;
    return { json: JSON.parse(readFileSync(result, 'utf8')) as unknown, server };
  } finally {
    await browser.close();
    // Kept after a report, so the caller can still copy the logs; the caller's stop() removes it.
    await server.stop({ keep: reported });
  }
}

/** The VS Code and Node a code-server install runs its extension host on: `{ vscode: '1.103.2', node: 'v22.15.1' }`. */
export function editorOf(tools: Tools): { vscode: string; node: string } {
  const vscode = /with Code (\S+)/.exec(tools.codeServerVersion)?.[1];
  if (!vscode) throw new Error(`code-server's version "${tools.codeServerVersion}" does not name its VS Code`);
  return { vscode, node: execFileSync(tools.node, ['--version'], { encoding: 'utf8' }).trim() };
}

/**
 * Runs the extension-host suite on the code-server in `tools`. The suite checks that it runs on
 * the VS Code and Node announced here (LMA_EXPECT_VSCODE, LMA_EXPECT_NODE). `tier` names the run
 * in the failure log (the suite runs on more than one VS Code).
 */
export async function runExtensionHostTests(
  tools: Tools,
  options: { vsix: string; workspace: string; env?: NodeJS.ProcessEnv; artifacts: string; timeoutMs?: number; tier?: string },
): Promise<number> {
  const tier = options.tier ?? 'extension-host';
  const editor = editorOf(tools);
  const ran = await runInExtensionHost(tools, {
    ...options,
    env: { ...options.env, LMA_EXPECT_VSCODE: editor.vscode, LMA_EXPECT_NODE: editor.node },
    suite: join(REPO, 'out', 'test', 'extension-host', 'index.js'),
  });
  if (!ran) {
    process.stdout.write(`  ✖ the extension-host suite did not report within the time limit; logs in ${options.artifacts}\n`);
    logFailure(tier, 'the suite', 'did not report within the time limit');
    return 1;
  }
  const report = ran.json as MochaJson;
  const failed = new Set(report.failures.map((f) => f.fullTitle));
  for (const t of report.tests ?? [])
    process.stdout.write(`  ${failed.has(t.fullTitle) ? '✖' : '✔'} ${t.fullTitle}${t.duration && t.duration > 500 ? ` (${t.duration} ms)` : ''}\n`);
  for (const p of report.pending ?? []) process.stdout.write(`  - ${p.fullTitle} (pending: counted as a failure)\n`);
  for (const p of report.pending ?? []) logFailure(tier, p.fullTitle, 'pending (counted as a failure)');
  for (const f of report.failures) logFailure(tier, f.fullTitle, f.err.message ?? f.err.stack);
  for (const f of report.failures)
    process.stdout.write(`\n  ✖ ${f.fullTitle}\n    ${(f.err.stack ?? f.err.message ?? '').split('\n').slice(0, 12).join('\n    ')}\n`);
  process.stdout.write(
    `\n  ${report.stats.passes} passing, ${report.stats.failures} failing, ${report.stats.pending} pending (extension host: VS Code ${editor.vscode} in code-server, Node ${editor.node})\n`,
  );
  if (report.stats.failures > 0) {
    const logs = join(options.artifacts, 'extension-host-logs');
    ran.server.copyLogs(logs);
    printProductLog(logs);
  }
  await ran.server.stop();
  return report.stats.failures + report.stats.pending + (report.stats.tests === 0 ? 1 : 0);
}

/**
 * The end of the product's own output channel ("LMA Workbench"), printed after a failure: CI keeps
 * only the console, and what the extension logged (a read that failed, a check that was cancelled)
 * is often what explains a failure that does not reproduce.
 */
function printProductLog(logs: string): void {
  const files = existsSync(logs) ? readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => /LMA Workbench\.log$/.test(f)) : [];
  for (const file of files) {
    const lines = readFileSync(join(logs, file), 'utf8').trimEnd().split('\n');
    process.stdout.write(`\n  the extension's log (${file}), last ${Math.min(60, lines.length)} of ${lines.length} lines:\n`);
    for (const line of lines.slice(-60)) process.stdout.write(`    ${line}\n`);
  }
}

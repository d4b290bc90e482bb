/** Builds the .vsix files the real editor installs. */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '../../..');

/** `npm run package`: the production bundles and dist/lma-workbench.vsix. */
export function buildExtensionVsix(say: (line: string) => void = () => undefined): string {
  say('Building dist/lma-workbench.vsix…');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: 'pipe' });
  return join(REPO, 'dist', 'lma-workbench.vsix');
}

/**
 * `npm start` only: Salesforce's Apex grammar (@salesforce/apex-tmlanguage, MIT) as a tiny extension, so the
 * sample's .cls and .trigger files open as Apex, highlighted (code-server has no Apex support, and its LaTeX
 * support claims .cls). Not in LMA Workbench's .vsix: partners have Salesforce's Apex extension.
 */
export function buildApexGrammarVsix(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lma-apex-grammar-'));
  cpSync(join(REPO, 'scripts', 'harness', 'apex-grammar'), dir, { recursive: true });
  cpSync(join(REPO, 'node_modules', '@salesforce', 'apex-tmlanguage', 'grammars', 'apex.tmLanguage'), join(dir, 'apex.tmLanguage'));
  cpSync(join(REPO, 'node_modules', '@salesforce', 'apex-tmlanguage', 'LICENSE'), join(dir, 'LICENSE'));
  const out = join(dir, 'apex-grammar.vsix');
  execFileSync(join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--out', out], { cwd: dir, stdio: 'pipe' });
  return out;
}

/** The test-only runner extension (test/extension-host/runner), packaged into a temp folder. */
export function buildRunnerVsix(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lma-runner-'));
  cpSync(join(REPO, 'test', 'extension-host', 'runner'), dir, { recursive: true });
  const out = join(dir, 'runner.vsix');
  execFileSync(join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: dir,
    stdio: 'pipe',
  });
  return out;
}

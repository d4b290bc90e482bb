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

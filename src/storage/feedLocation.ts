/** Where the license change feed keeps its state on this machine: the CLI writes it, the editor (and the setup checklist) looks for it. */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_STATE_HOME (or ~/.local/state)/lma-workbench/changes/<org>; %LOCALAPPDATA% on Windows. */
export function changeFeedStateDir(orgKey: string, env: NodeJS.ProcessEnv = process.env): string {
  const base =
    process.platform === 'win32' ? (env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local')) : env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'lma-workbench', 'changes', orgKey.replace(/[^A-Za-z0-9._@-]/g, '_'));
}

/** When the feed for this org last saved its cursor here, if it ever ran on this machine. */
export function lastFeedRun(orgKey: string, env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const file = join(changeFeedStateDir(orgKey, env), 'cursor.json');
  if (!existsSync(file)) return undefined;
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { savedAt?: unknown };
    const at = typeof saved.savedAt === 'string' ? new Date(saved.savedAt) : undefined;
    return at && !Number.isNaN(at.getTime()) ? at : undefined;
  } catch {
    return undefined;
  }
}

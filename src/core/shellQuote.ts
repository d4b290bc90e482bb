/**
 * An argument quoted for the shell the user pastes a suggested command into (a login hint, say),
 * so that a name read from a project file (`.sf/config.json`) cannot run anything: names made of
 * characters no shell treats specially stay as they are; anything else is quoted — POSIX single
 * quotes on Linux and macOS; PowerShell single quotes on Windows (VS Code's default terminal there),
 * where the curly single quotes PowerShell also honours are doubled too. cmd.exe has no quoting
 * that makes every text inert (% and ! expand even inside double quotes): on Windows the hint is
 * for PowerShell. See docs/salesforce/write-safety.md.
 */
export type Shell = 'posix' | 'powershell';

/** The shell a hint is written for on a platform (process.platform). */
export function shellFor(platform: string): Shell {
  return platform === 'win32' ? 'powershell' : 'posix';
}

// No shell treats these specially anywhere in a word (`@` only starts a splat in PowerShell, so not first).
const PLAIN = /^[A-Za-z0-9_.:/=+-][A-Za-z0-9_.:/=+@-]*$/;

export function shellQuote(arg: string, shell: Shell): string {
  if (PLAIN.test(arg)) return arg;
  if (shell === 'powershell') return `'${arg.replace(/['\u2018\u2019\u201A\u201B]/g, (q) => q + q)}'`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A command line with every argument quoted for the shell. */
export function shellCommand(args: readonly string[], shell: Shell): string {
  return args.map((a) => shellQuote(a, shell)).join(' ');
}

/**
 * The quoting a terminal's shell takes, from its path (VS Code's `env.shell`): PowerShell, or a
 * POSIX-like shell (bash, zsh, sh, dash, ksh, fish — fish reads POSIX single quotes and \' alike).
 * Undefined for cmd.exe (no quoting makes every text inert) and any shell not known here: the
 * command is then copied instead of sent.
 */
export function terminalShell(shellPath: string | undefined): Shell | undefined {
  const name =
    (shellPath ?? '')
      .split(/[\\/]/)
      .pop()
      ?.toLowerCase()
      .replace(/\.exe$/, '') ?? '';
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  if (['bash', 'zsh', 'sh', 'dash', 'ksh', 'mksh', 'ash', 'fish'].includes(name)) return 'posix';
  return undefined;
}

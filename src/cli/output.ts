/**
 * How the command line speaks: plain text for a terminal (org text made safe), or JSON with
 * --json (errors included), and exit codes a CI job can branch on.
 */
import { redactDeep, terminalSafe } from '../core/displayText';
import { isLmoError } from '../data/org/errors';

/** Documented in the README. */
export const EXIT = {
  /** Done; nothing to report. */
  ok: 0,
  /** The check ran and found something (a checklist step missing, drift, an unlinked package). */
  findings: 1,
  /** Wrong arguments. */
  usage: 2,
  /** No login for the org, or the session expired. */
  auth: 3,
  /** The LMA (or the object a command needs) is missing or not readable. */
  lmaMissing: 4,
  /** The org's daily API request limit is used up. */
  apiLimit: 5,
  /** The org could not be reached, timed out or answered with an error. */
  unreachable: 6,
  /** Anything else. */
  failed: 7,
  /** Stopped by Ctrl-C (SIGINT) or SIGTERM before finishing. */
  interrupted: 130,
} as const;

export function exitCodeOf(error: unknown): number {
  if (!isLmoError(error)) return EXIT.failed;
  switch (error.kind) {
    case 'usage':
      return EXIT.usage;
    case 'sessionExpired':
      return EXIT.auth;
    case 'lmaMissing':
    case 'permission':
      return EXIT.lmaMissing;
    case 'apiLimit':
      return EXIT.apiLimit;
    case 'network':
    case 'timeout':
    case 'serverError':
    case 'badResponse':
    case 'queryTimeout':
      return EXIT.unreachable;
    case 'cancelled':
      return EXIT.interrupted;
    default:
      return EXIT.failed;
  }
}

export class Output {
  constructor(
    readonly json: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Text for the terminal (ignored with --json). */
  text(text: string): void {
    if (!this.json) this.stdout.write(terminalSafe(text.endsWith('\n') ? text : `${text}\n`));
  }

  /** Progress and notes: stderr, so stdout stays clean for pipes. */
  note(text: string): void {
    this.stderr.write(terminalSafe(`${text}\n`));
  }

  /** The result with --json (secrets redacted, as in text). */
  data(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(redactDeep(value), null, 2)}\n`);
  }

  error(error: unknown, exitCode: number): void {
    const message = forTerminal(error);
    const kind = isLmoError(error) ? error.kind : 'unknown';
    if (this.json) this.stdout.write(`${JSON.stringify({ error: { kind, message: terminalSafe(message), exitCode } }, null, 2)}\n`);
    else this.stderr.write(terminalSafe(`lma-workbench: ${message}\n`));
  }
}

/**
 * An error's message as the command line says it. The data layer's messages serve the editor
 * too; where one points at the editor (its log, its settings), the terminal gets its own words.
 */
export function forTerminal(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (!isLmoError(error)) return error.message;
  switch (error.kind) {
    case 'invalidQuery':
      return error.message.replace(/;? ?the details are in the LMA Workbench log\.$/, `, with these details: ${error.detail}`);
    case 'timeout':
      return error.message.replace(
        / \(setting lmaWorkbench\.requestTimeoutSeconds, or --timeout on the command line\)/,
        ' with --timeout <seconds> (up to 600)',
      );
    default:
      return error.message;
  }
}

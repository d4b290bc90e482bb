/**
 * JSON Lines and CSV sinks: to a file (appended, flushed to disk in batches), stdout, a pipe, a
 * FIFO or a terminal. Only a regular file can be fsynced: for the others an event counts as
 * delivered once the kernel took its bytes (docs/feed-service.md, "Sinks"). A terminal gets text
 * with escape sequences neutralised, as every other terminal output; a file gets it as it is.
 */
import { closeSync, fdatasyncSync, fstatSync, openSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';
import { stringify } from 'csv-stringify/sync';
import { terminalSafe } from '../../core/displayText';
import { CHANGE_CSV_COLUMNS, changeCsvRow } from '../../core/changes/changeCsv';
import { type LicenseChangeEnvelope } from '../../core/changes/envelope';
import { type SendResult } from './retry';

export type FileFormat = 'jsonl' | 'csv';

export interface Sink {
  readonly label: string;
  /** How many events may be in flight at once (1 keeps one global order). */
  readonly concurrency: number;
  /** One attempt; `stop` asks to abort it (the event then stays in the outbox). */
  send(event: LicenseChangeEnvelope, stop?: AbortSignal): Promise<SendResult>;
  /** Makes what was sent durable (called before the outbox's own sync). */
  flush?(): void;
  close(): Promise<void>;
}

/** Events as lines in a file or on stdout. JSON.stringify escapes every control character, so a hostile name cannot break a line. */
export class FileSink implements Sink {
  readonly concurrency = 1;
  private readonly fd: number;
  private headerDone: boolean;
  /** A regular file: fdatasync makes it durable (a pipe, FIFO or terminal answers EINVAL). */
  private readonly syncable: boolean;
  private readonly terminal: boolean;

  constructor(
    readonly path: string,
    private readonly format: FileFormat,
  ) {
    // /dev/stdout is the feed's own stdout: written as it is (opening it again fails on a socket, ENXIO).
    this.fd = path === '-' || path === '/dev/stdout' ? 1 : openSync(path, 'a');
    const stat = fstatSync(this.fd);
    this.syncable = stat.isFile();
    this.terminal = isatty(this.fd);
    // A CSV file that already has rows (a resumed feed) keeps its one header.
    this.headerDone = format !== 'csv' || (this.syncable && stat.size > 0);
  }

  get label(): string {
    return this.fd === 1 ? 'stdout' : this.path;
  }

  async send(event: LicenseChangeEnvelope): Promise<SendResult> {
    let text = this.format === 'jsonl' ? `${JSON.stringify(event)}\n` : stringify([changeCsvRow(event)]);
    if (!this.headerDone) {
      text = stringify([CHANGE_CSV_COLUMNS]) + text;
      this.headerDone = true;
    }
    writeFully(this.fd, this.terminal ? terminalSafe(text) : text);
    return { kind: 'delivered' };
  }

  flush(): void {
    if (this.syncable) fdatasyncSync(this.fd);
  }

  async close(): Promise<void> {
    this.flush();
    if (this.fd !== 1) closeSync(this.fd);
  }
}

/** writeSync to the end; a non-blocking stdout pipe that is full (EAGAIN) is waited on. */
function writeFully(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset, buffer.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * Small durable state (cursors, journals) that must survive a restart: backed by files in a
 * state folder on the command line and by the extension's storage folder in the editor.
 */
export interface DurableState {
  /** The value stored under a key, or undefined. */
  read<T>(key: string): Promise<T | undefined>;
  /** Replaces a key's value atomically: after a crash the old or the new value is there, never a mix. */
  write(key: string, value: unknown): Promise<void>;
  /** Appends one entry to a journal (JSON Lines), flushed to disk before it resolves. */
  append(journal: string, entry: unknown): Promise<void>;
  /** Every entry of a journal, oldest first; a torn last line (a crash mid-write) is skipped. */
  entries<T>(journal: string): Promise<T[]>;
}

export const STATE_KEY = /^[a-z0-9][a-z0-9._-]{0,80}$/i;

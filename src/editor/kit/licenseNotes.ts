/**
 * What another capability says about a license, shown on its row in every tree: a short badge
 * after the description and a line in the tooltip (seat usage says "3/50 active · shelfware").
 * The kit holds the slot; the capability fills it and says when its notes changed.
 */
import * as vscode from 'vscode';

export interface LicenseNote {
  /** A few words after the row's description. */
  readonly badge: string;
  /** The tooltip's line: a label and plain text. */
  readonly label: string;
  readonly text: string;
}

export type LicenseNoteSource = (licenseId: string) => LicenseNote | undefined;

export class LicenseNotes implements vscode.Disposable {
  private source: LicenseNoteSource | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the notes change: the trees redraw their rows (nothing is reloaded). */
  readonly onDidChange = this.changed.event;

  /** Sets (or, with undefined, removes) where notes come from. */
  provide(source: LicenseNoteSource | undefined): void {
    this.source = source;
    this.changed.fire();
  }

  /** Says the notes changed (the source is the same, its answers are not). */
  refresh(): void {
    this.changed.fire();
  }

  noteFor(licenseId: string): LicenseNote | undefined {
    return this.source?.(licenseId);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * What an analyzer says about a file, in the editor's vocabulary but with no editor: problems
 * with their fixes, lenses, hovers. Every text here is plain text (org text included); the
 * editor renders it as text, never as markup.
 */
export interface TextSpan {
  readonly offset: number;
  readonly length: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Something the user can do about a finding; the editor maps each kind to a command. */
export type InsightAction =
  | { readonly kind: 'revealPackage'; readonly packageId: string; readonly versionId?: string; readonly liveOnly?: boolean }
  | { readonly kind: 'openUrl'; readonly url: string }
  | { readonly kind: 'command'; readonly id: string; readonly args?: readonly unknown[] };

export interface Fix {
  readonly title: string;
  readonly action: InsightAction;
  readonly preferred?: boolean;
}

export interface DiagnosticFinding {
  readonly code: string;
  readonly severity: Severity;
  readonly span: TextSpan;
  readonly message: string;
  readonly fixes: readonly Fix[];
  readonly helpUrl?: string;
}

export interface LensFinding {
  readonly span: TextSpan;
  readonly title: string;
  readonly tooltip: string;
  readonly action?: InsightAction;
}

export interface HoverFinding {
  /** Where hovering shows it. */
  readonly spans: readonly TextSpan[];
  readonly title: string;
  readonly lines: readonly string[];
}

export interface Findings {
  readonly diagnostics: readonly DiagnosticFinding[];
  readonly lenses: readonly LensFinding[];
  readonly hovers: readonly HoverFinding[];
  /** Set when the file could not be read (it is then not annotated). */
  readonly problem?: string;
}

export const NO_FINDINGS: Findings = { diagnostics: [], lenses: [], hovers: [] };

export function inside(span: TextSpan, offset: number): boolean {
  return offset >= span.offset && offset <= span.offset + span.length;
}

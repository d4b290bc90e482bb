/**
 * The JSON parser recurses once per nesting level, so a hostile file nested thousands deep
 * would overflow the stack. This iterative scan measures the depth first, so such a file is a
 * parse error like any other.
 */
import { SyntaxKind, createScanner } from 'jsonc-parser';

export const MAX_JSON_DEPTH = 200;

/** The deepest nesting of objects and arrays in the text (comments and strings ignored). */
export function jsonDepth(text: string, stopAt = MAX_JSON_DEPTH + 1): number {
  const scanner = createScanner(text, false);
  let depth = 0;
  let max = 0;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.OpenBraceToken || kind === SyntaxKind.OpenBracketToken) {
      depth++;
      if (depth > max) max = depth;
      if (max >= stopAt) return max;
    } else if (kind === SyntaxKind.CloseBraceToken || kind === SyntaxKind.CloseBracketToken) {
      depth = Math.max(0, depth - 1);
    }
  }
  return max;
}

/**
 * The message envelope between the extension host and every webview, declared once and shared
 * by both sides (no vscode import). Only display data crosses: never a token, URL or connection.
 */

/** A panel's requests: name → params and result. */
export type RequestMap = { readonly [name: string]: { readonly params: unknown; readonly result: unknown } };

export type PageToHost = { readonly type: 'request'; readonly id: number; readonly name: string; readonly params: unknown };

export type HostToPage =
  | { readonly type: 'response'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'response'; readonly id: number; readonly ok: false; readonly error: { readonly message: string; readonly kind: string } }
  /** The connection changed or the user refreshed: load again. */
  | { readonly type: 'reload' };

/** Checks a request's params before any handler sees them: the page renders customer text and is untrusted. */
export type Validators<R extends RequestMap> = { readonly [K in keyof R]: (params: unknown) => params is R[K]['params'] };

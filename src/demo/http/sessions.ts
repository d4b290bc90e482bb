/** The demo org's sessions: the access tokens it has issued, numbered, and the check every API call passes. */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../apiError';

/** A Salesforce-shaped session id: the org id, "!", then the secret. */
function sessionId(orgId: string): string {
  return `${orgId}!${randomBytes(30).toString('base64url').replace(/[-_]/g, 'x')}`;
}

/** The token of an `Authorization: Bearer …` (or `OAuth …`) header, if it has one. */
export function bearerToken(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  return /^(?:Bearer|OAuth)\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
}

export class Sessions {
  /** Valid access tokens → their session number. */
  private readonly sessions = new Map<string, number>();
  private count = 0;
  private latest = '';

  constructor(private readonly orgId: string) {}

  /** The token of the latest session. */
  get current(): string {
    return this.latest;
  }

  /** A new valid access token (a new session, as a new login gives). */
  issue(): string {
    this.latest = sessionId(this.orgId);
    this.sessions.set(this.latest, ++this.count);
    return this.latest;
  }

  /** Invalidates every access token, as when a session times out. */
  expire(): void {
    this.sessions.clear();
  }

  /** The session number of a token (undefined when it is not valid). */
  of(token: string): number | undefined {
    return this.sessions.get(token);
  }

  /** The session of a request's Bearer token; 401 INVALID_SESSION_ID without one. */
  authorize(headers: Readonly<Record<string, string | undefined>>): number {
    const token = bearerToken(headers);
    const session = token ? this.sessions.get(token) : undefined;
    if (session === undefined) throw new ApiError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    return session;
  }
}

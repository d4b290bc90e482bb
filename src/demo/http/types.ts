/** One REST call as the demo's routes see it (also used for Composite subrequests). */
export interface ApiRequest {
  readonly method: string;
  /** Path segments after /services/data/vXX.X/, e.g. ['sobjects', 'Account', '001…']. */
  readonly segments: readonly string[];
  readonly version: string;
  readonly params: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: unknown;
}

export interface ApiResponse {
  readonly status: number;
  readonly body?: unknown;
}

export const ok = (body: unknown): ApiResponse => ({ status: 200, body });
export const noContent = (): ApiResponse => ({ status: 204 });

/** What the identity routes need to know about the demo org. */
export interface DemoIdentity {
  readonly url: string;
  readonly orgId: string;
  readonly username: string;
  readonly refreshToken: string;
  userId(): string;
  issueAccessToken(): string;
}

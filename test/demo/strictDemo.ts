/**
 * A demo LMO for the strictness tests, with the calls they make: the REST API as a client sends it
 * (`call`, `q`), raw HTTP for what a client library would never send (`raw`), and `writing` for a
 * test that changes data: it runs against a demo of its own, so no other test sees the change.
 */
import * as http from 'node:http';
import { type DemoLmo } from '../../src/demo/http/server';
import { startDemo } from '../support/demoOrg';

/** A parsed JSON body, as the tests read it (what JSON.parse gives). */
type Json = ReturnType<typeof JSON.parse>;

export interface StrictDemo {
  readonly demo: DemoLmo;
  call(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json }>;
  writing(title: string, body: () => Promise<void>): void;
  q(soql: string, resource?: string): string;
  raw(path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }>;
  /** The License object's `updated` or `deleted` replication resource for a window. */
  replication(kind: 'updated' | 'deleted', startMs: number, endMs: number): Promise<{ status: number; body: Json }>;
}

/** Registers the suite's hooks (one demo of 2,000 licenses; faults and the aggregate cap reset after each test). */
export function useStrictDemo(): StrictDemo {
  let demo: DemoLmo;
  before(async () => {
    demo = await startDemo({ licenses: 2000 });
  });
  after(() => demo.close());
  afterEach(() => {
    demo.faults.reset();
    demo.setAggregateRowLimit(2000);
  });

  const call: StrictDemo['call'] = async (
    path: string,
    init: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.token !== null) headers.Authorization = `Bearer ${init.token ?? demo.accessToken}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${demo.url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /**
   * A test that writes (PATCH, DELETE, Composite writes) runs against a demo of its own, so no
   * other test sees what it changed, whatever the order.
   */
  const writing: StrictDemo['writing'] = (title, body) =>
    void it(title, async () => {
      const shared = demo;
      demo = await startDemo({ licenses: 2000 });
      try {
        await body();
      } finally {
        await demo.close();
        demo = shared;
      }
    });
  const q = (soql: string, resource = 'query') => `/services/data/v62.0/${resource}?q=${encodeURIComponent(soql)}`;
  const raw = (path: string, headers: Record<string, string>, body?: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const url = new URL(demo.url);
      const req = http.request({ host: url.hostname, port: url.port, path, method: body === undefined ? 'GET' : 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });

  const replication: StrictDemo['replication'] = (kind, startMs, endMs) =>
    call(
      `/services/data/v62.0/sobjects/sfLma__License__c/${kind}/?start=${encodeURIComponent(new Date(startMs).toISOString())}&end=${encodeURIComponent(new Date(endMs).toISOString())}`,
    );
  return {
    replication,
    get demo() {
      return demo;
    },
    call,
    writing,
    q,
    raw,
  };
}

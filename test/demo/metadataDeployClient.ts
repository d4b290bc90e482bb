/** A plain-fetch client of the demo's Metadata API (REST deployRequest and SOAP), for the deploy tests. */
import * as assert from 'node:assert/strict';
import { type DemoLmo } from '../../src/demo/http/server';

export const V = 'v66.0';

export interface RestDeploy {
  readonly status: number;
  readonly body: {
    id: string;
    deployOptions: Record<string, unknown>;
    deployResult: DeployResultBody;
  };
}

export interface DeployMessageBody {
  componentType: string;
  fullName: string;
  fileName: string;
  success: boolean;
  created: boolean;
  changed: boolean;
  deleted: boolean;
  id?: string;
  problem?: string;
  problemType?: string;
  lineNumber?: number;
}

export interface DeployResultBody {
  id: string;
  status: string;
  done: boolean;
  success: boolean;
  checkOnly: boolean;
  rollbackOnError: boolean;
  numberComponentsDeployed: number;
  numberComponentErrors: number;
  numberComponentsTotal: number;
  errorStatusCode: string | null;
  errorMessage: string | null;
  details: { componentSuccesses: DeployMessageBody[]; componentFailures: DeployMessageBody[] } | null;
}

/** A query's answer, or (on an error) the error list. */
export type QueryBody = { totalSize: number; records: Record<string, unknown>[] } & { errorCode?: string }[];

export class MetadataClient {
  constructor(private readonly demo: DemoLmo) {}

  /** POST deployRequest: multipart with the options as `json` and the zip as `file`. */
  async start(zip: Buffer, deployOptions: Record<string, unknown> = {}, partName = 'json'): Promise<RestDeploy> {
    const form = new FormData();
    form.append(partName, new Blob([JSON.stringify({ deployOptions })], { type: 'application/json' }));
    form.append('file', new Blob([new Uint8Array(zip)], { type: 'application/zip' }), 'deploy.zip');
    const res = await fetch(`${this.demo.url}/services/data/${V}/metadata/deployRequest`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.demo.accessToken}` },
      body: form,
    });
    return { status: res.status, body: (await res.json()) as RestDeploy['body'] };
  }

  async check(id: string, includeDetails = true): Promise<{ status: number; body: RestDeploy['body'] }> {
    const res = await fetch(`${this.demo.url}/services/data/${V}/metadata/deployRequest/${id}${includeDetails ? '?includeDetails=true' : ''}`, {
      headers: { Authorization: `Bearer ${this.demo.accessToken}` },
    });
    return { status: res.status, body: (await res.json()) as RestDeploy['body'] };
  }

  /** Polls until done; returns every status seen and the final result. */
  async untilDone(id: string): Promise<{ seen: string[]; result: DeployResultBody }> {
    const seen: string[] = [];
    for (let i = 0; i < 50; i++) {
      const { status, body } = await this.check(id);
      assert.equal(status, 200);
      seen.push(body.deployResult.status);
      if (body.deployResult.done) return { seen, result: body.deployResult };
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`deploy ${id} never finished: ${seen.join(', ')}`);
  }

  /** Starts a deploy and waits for its end. */
  async deploy(zip: Buffer, deployOptions: Record<string, unknown> = {}): Promise<DeployResultBody> {
    const started = await this.start(zip, deployOptions);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    return (await this.untilDone(started.body.id)).result;
  }

  async query(soql: string, tooling = false): Promise<{ status: number; body: QueryBody }> {
    const res = await fetch(`${this.demo.url}/services/data/${V}/${tooling ? 'tooling/' : ''}query?q=${encodeURIComponent(soql)}`, {
      headers: { Authorization: `Bearer ${this.demo.accessToken}` },
    });
    return { status: res.status, body: (await res.json()) as QueryBody };
  }

  /** A SOAP call to the Metadata API, as jsforce sends it. */
  async soap(operation: string, inner: string, sessionId = this.demo.accessToken): Promise<{ status: number; text: string }> {
    const envelope = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      `<soapenv:Header xmlns="http://soap.sforce.com/2006/04/metadata"><SessionHeader><sessionId>${sessionId}</sessionId></SessionHeader></soapenv:Header>`,
      `<soapenv:Body xmlns="http://soap.sforce.com/2006/04/metadata"><${operation}>${inner}</${operation}></soapenv:Body>`,
      '</soapenv:Envelope>',
    ].join('');
    const res = await fetch(`${this.demo.url}/services/Soap/m/66.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: '""' },
      body: envelope,
    });
    return { status: res.status, text: await res.text() };
  }
}

/** The failures' problems, as `Type fullName: problem`. */
export function problems(result: DeployResultBody): string[] {
  return (result.details?.componentFailures ?? []).map((f) => `${f.componentType} ${f.fullName}: ${f.problem}`);
}

/**
 * The SOAP Metadata API on `/services/Soap/m/XX.X`, as jsforce (and so the Salesforce CLI) calls it:
 * `deploy` (a base64 zip and DeployOptions → an AsyncResult), `checkDeployStatus` (→ a DeployResult,
 * the same engine as the REST resource), `cancelDeploy`, `listMetadata` and `describeMetadata` for
 * the types the demo holds. The session is the envelope's SessionHeader; faults are SOAP faults with
 * HTTP 500 (docs/salesforce/lmo-dashboard.md#deploy).
 */
import { ApiError } from '../apiError';
import { type DeployEngine, type DeployOptions } from './deployEngine';
import { fileNameOf } from './deployPackage';
import { type MetadataRegistry } from './registry';
import { type XmlElement, XmlError, child, childText, childrenNamed, escapeXml, localName, parseXml } from './xml';

export const SOAP_METADATA_PATH = /^\/services\/Soap\/m\/(\d+\.\d)$/;

export interface SoapAnswer {
  readonly status: number;
  readonly xml: string;
}

export interface SoapContext {
  readonly engine: DeployEngine;
  readonly registry: MetadataRegistry;
  /** Whether a session id is valid. */
  validSession(sessionId: string): boolean;
  userName(): string;
  lmaInstalled(): boolean;
  /** Counts a call with a valid session (the daily API limit, the request log); throws ApiError to refuse it. */
  onCall?(sessionId: string, operation: string): void;
}

const ENVELOPE_OPEN =
  '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>';
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

export function soapFault(code: string, message: string, faultCode = `sf:${code}`): SoapAnswer {
  return {
    status: 500,
    xml: `${ENVELOPE_OPEN.replace('xmlns="http://soap.sforce.com/2006/04/metadata"', 'xmlns:sf="http://soap.sforce.com/2006/04/metadata"')}<soapenv:Fault><faultcode>${escapeXml(faultCode)}</faultcode><faultstring>${escapeXml(`${code}: ${message}`)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`,
  };
}

const respond = (operation: string, result: unknown): SoapAnswer => ({
  status: 200,
  xml: `${ENVELOPE_OPEN}<${operation}Response>${toXml('result', result)}</${operation}Response>${ENVELOPE_CLOSE}`,
});

/** A value as XML elements: arrays repeat the element, null and undefined are left out. */
export function toXml(name: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => toXml(name, v)).join('');
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => toXml(k, v))
      .join('')}</${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** Answers one SOAP request to the Metadata API. */
export function soapMetadata(ctx: SoapContext, body: string): SoapAnswer {
  let envelope: XmlElement;
  try {
    envelope = parseXml(body);
  } catch (err) {
    const where = err instanceof XmlError ? ` at [row,col]:[${err.line},${err.column}]` : '';
    return soapFault('INVALID_XML', `${err instanceof Error ? err.message : 'not XML'}${where}`, 'soapenv:Client');
  }
  if (localName(envelope) !== 'Envelope') return soapFault('INVALID_XML', 'The request is not a SOAP envelope.', 'soapenv:Client');
  const sessionId = childText(child(child(envelope, 'Header'), 'SessionHeader'), 'sessionId') ?? '';
  if (!ctx.validSession(sessionId)) return soapFault('INVALID_SESSION_ID', 'Invalid Session ID found in SessionHeader: Illegal Session');
  const call = child(envelope, 'Body')?.children[0];
  if (!call) return soapFault('INVALID_XML', 'The SOAP body is empty.', 'soapenv:Client');
  try {
    ctx.onCall?.(sessionId, localName(call));
  } catch (err) {
    if (err instanceof ApiError) return soapFault(err.errorCode, err.message);
    throw err;
  }
  switch (localName(call)) {
    case 'deploy': {
      const zip = Buffer.from(childText(call, 'ZipFile') ?? '', 'base64');
      const { id } = ctx.engine.start(zip, deployOptions(child(call, 'DeployOptions')));
      return respond('deploy', { done: false, id, state: 'Queued' });
    }
    case 'checkDeployStatus': {
      const id = childText(call, 'asyncProcessId') ?? '';
      const result = ctx.engine.check(id, childText(call, 'includeDetails') === 'true');
      if (!result) return soapFault('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${id}`);
      return respond('checkDeployStatus', result);
    }
    case 'cancelDeploy': {
      const id = childText(call, 'String') ?? childText(call, 'id') ?? '';
      const result = ctx.engine.check(id, false);
      if (!result) return soapFault('INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id: ${id}`);
      // Deploys of this size finish before a cancel can reach them.
      return respond('cancelDeploy', { done: true, id: result.id });
    }
    case 'listMetadata':
      return respond('listMetadata', listMetadata(ctx, childrenNamed(call, 'queries')));
    case 'describeMetadata':
      return respond('describeMetadata', describeMetadata());
    default:
      return soapFault('INVALID_OPERATION', `No operation available for request {http://soap.sforce.com/2006/04/metadata}${localName(call)}`, 'soapenv:Client');
  }
}

function deployOptions(e: XmlElement | undefined): DeployOptions {
  const out: Record<string, unknown> = {};
  for (const c of e?.children ?? []) {
    const name = localName(c);
    if (name === 'runTests') out.runTests = [...((out.runTests as string[] | undefined) ?? []), c.text];
    else out[name] = c.text === 'true' ? true : c.text === 'false' ? false : c.text;
  }
  return out as DeployOptions;
}

/** FileProperties of the org's components of each queried type (a folder's contents with `folder`). */
function listMetadata(ctx: SoapContext, queries: XmlElement[]): object[] {
  const { registry } = ctx;
  const out: object[] = [];
  const props = (type: Parameters<typeof fileNameOf>[0], fullName: string, id: string) => ({
    createdById: '',
    createdByName: ctx.userName(),
    createdDate: '1970-01-01T00:00:00.000Z',
    fileName: fileNameOf(type, fullName),
    fullName,
    id,
    lastModifiedById: '',
    lastModifiedByName: ctx.userName(),
    lastModifiedDate: '1970-01-01T00:00:00.000Z',
    manageableState: 'unmanaged',
    type,
  });
  for (const q of queries) {
    const type = childText(q, 'type');
    const folder = childText(q, 'folder');
    if (type === 'ReportFolder' || type === 'DashboardFolder')
      for (const f of registry.folders(type === 'ReportFolder' ? 'Report' : 'Dashboard')) out.push(props(type, f.developerName, f.id));
    if (type === 'Report')
      for (const r of registry.reports()) if (r.folderName === folder) out.push(props('Report', `${r.folderName}/${r.developerName}`, r.id));
    if (type === 'Dashboard')
      for (const d of registry.dashboards()) if (d.folderName === folder) out.push(props('Dashboard', `${d.folderName}/${d.developerName}`, d.id));
    if (type === 'FlexiPage') for (const p of registry.flexiPages()) out.push(props('FlexiPage', p.developerName, p.id));
  }
  return out;
}

function describeMetadata(): object {
  const type = (xmlName: string, directoryName: string, suffix: string, inFolder: boolean) => ({ directoryName, inFolder, metaFile: false, suffix, xmlName });
  return {
    metadataObjects: [
      type('Dashboard', 'dashboards', 'dashboard', true),
      type('FlexiPage', 'flexipages', 'flexipage', false),
      type('Report', 'reports', 'report', true),
    ],
    organizationNamespace: '',
    partialSaveAllowed: true,
    testRequired: false,
  };
}

/**
 * Deploys the generated executives' dashboard through the Metadata REST API
 * (docs/salesforce/lmo-dashboard.md#deploy): `POST /metadata/deployRequest` (multipart: the deploy
 * options as `json`, the zip as `file`), then `GET /metadata/deployRequest/{id}?includeDetails=true`
 * until it is done, each component's outcome in words. All or nothing (rollbackOnError); `checkOnly`
 * is Salesforce's own validation without writing. Only the components the generator wrote are sent.
 */
import JSZip from 'jszip';
import { type DeployPackage } from '../../core/lmoDashboard/deployPackage';
import { cancelled, LmoError } from '../org/errors';
import { CallMeter, type CallOptions } from '../org/orgApi';
import { type OrgClient } from '../org/orgClient';

export type ComponentState = 'Created' | 'Changed' | 'Unchanged' | 'Failed';

export interface ComponentOutcome {
  readonly type: string;
  readonly fullName: string;
  readonly state: ComponentState;
  /** Salesforce's words for a failure. */
  readonly problem?: string;
}

export interface DeployOutcome {
  readonly id: string;
  /** Succeeded, Failed, SucceededPartial or Canceled. */
  readonly status: string;
  readonly success: boolean;
  readonly checkOnly: boolean;
  readonly components: readonly ComponentOutcome[];
  /** A message about the whole deploy (not about a component), when Salesforce gives one. */
  readonly errorMessage?: string;
  readonly apiCalls: number;
}

export interface DeployOptions extends CallOptions {
  readonly checkOnly?: boolean;
  /** Each status read while polling (for progress). */
  readonly onStatus?: (status: { status: string; deployed: number; total: number }) => void;
  /** Between status reads (default 1 s). */
  readonly pollMs?: number;
  /** Stops waiting after this long (default 10 minutes): the deploy goes on in the org. */
  readonly maxWaitMs?: number;
}

interface DeployMessage {
  componentType?: string;
  fullName?: string;
  created?: boolean | string;
  changed?: boolean | string;
  success?: boolean | string;
  problem?: string | null;
}

interface DeployResult {
  id: string;
  status: string;
  done: boolean;
  success: boolean;
  checkOnly?: boolean;
  errorMessage?: string | null;
  numberComponentsDeployed?: number;
  numberComponentsTotal?: number;
  details?: { componentSuccesses?: DeployMessage[]; componentFailures?: DeployMessage[] } | null;
}

const yes = (v: unknown) => v === true || v === 'true';

async function zipOf(pkg: DeployPackage): Promise<Buffer> {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(pkg.files)) zip.file(path, text);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A multipart/form-data body with the deploy options and the zip. */
function multipart(options: object, zip: Buffer): { body: Buffer; contentType: string } {
  const boundary = `lma-workbench-${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
  const head = (name: string, type: string, filename?: string) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\nContent-Type: ${type}\r\n\r\n`,
    );
  const body = Buffer.concat([
    head('json', 'application/json'),
    Buffer.from(JSON.stringify({ deployOptions: options })),
    Buffer.from('\r\n'),
    head('file', 'application/zip', 'lmo-dashboard.zip'),
    zip,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

function outcomes(pkg: DeployPackage, result: DeployResult): ComponentOutcome[] {
  const key = (type: string | undefined, name: string | undefined) => `${type ?? ''}\u0000${(name ?? '').toLowerCase()}`;
  const successes = new Map((result.details?.componentSuccesses ?? []).map((m) => [key(m.componentType, m.fullName), m]));
  const failures = new Map((result.details?.componentFailures ?? []).map((m) => [key(m.componentType, m.fullName), m]));
  // Folders come back under their content type's folder type name (ReportFolder) or as Report/Dashboard: both are looked for.
  const find = (map: Map<string, DeployMessage>, type: string, name: string) =>
    map.get(key(type, name)) ?? map.get(key(type.replace('Folder', ''), name)) ?? map.get(key(type.replace('Folder', ''), `${name}/`));
  return pkg.members.map((m) => {
    const failed = find(failures, m.type, m.fullName);
    if (failed) return { ...m, state: 'Failed' as const, problem: failed.problem ?? 'failed' };
    const ok = find(successes, m.type, m.fullName);
    if (!ok)
      return {
        ...m,
        state: result.success ? ('Unchanged' as const) : ('Failed' as const),
        ...(result.success ? {} : { problem: 'not deployed: another component failed' }),
      };
    return { ...m, state: yes(ok.created) ? ('Created' as const) : yes(ok.changed) ? ('Changed' as const) : ('Unchanged' as const) };
  });
}

export async function deployLmoDashboard(client: OrgClient, pkg: DeployPackage, options: DeployOptions = {}): Promise<DeployOutcome> {
  const meter = options.meter ?? new CallMeter();
  const before = meter.calls;
  const call = { signal: options.signal, meter };
  const checkOnly = options.checkOnly === true;
  const { body, contentType } = multipart({ checkOnly, rollbackOnError: true, singlePackage: true, ignoreWarnings: false }, await zipOf(pkg));
  const started = await client.request<{ id?: string; deployResult?: DeployResult }>('POST', '/metadata/deployRequest', body, {
    ...call,
    raw: true,
    headers: { 'Content-Type': contentType },
  });
  const id = started.id ?? started.deployResult?.id;
  if (!id) throw new LmoError('badResponse', `${client.target.label} did not say which deploy it started.`, JSON.stringify(started).slice(0, 500));
  const deadline = Date.now() + (options.maxWaitMs ?? 600_000);
  for (;;) {
    await pause(options.pollMs ?? 1_000, options.signal);
    const { deployResult: r } = await client.request<{ deployResult: DeployResult }>(
      'GET',
      `/metadata/deployRequest/${id}?includeDetails=true`,
      undefined,
      call,
    );
    options.onStatus?.({ status: r.status, deployed: r.numberComponentsDeployed ?? 0, total: r.numberComponentsTotal ?? pkg.members.length });
    if (r.done) {
      return {
        id,
        status: r.status,
        success: r.success,
        checkOnly,
        components: outcomes(pkg, r),
        ...(r.errorMessage ? { errorMessage: r.errorMessage } : {}),
        apiCalls: meter.calls - before,
      };
    }
    if (Date.now() > deadline)
      throw new LmoError('timeout', `Deploy ${id} is still ${r.status} in ${client.target.label}: it goes on there; see Setup → Deployment Status.`, id);
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(cancelled());
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

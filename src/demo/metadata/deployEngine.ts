/**
 * The deploy engine both the REST `deployRequest` resource and the SOAP `deploy` call share: a
 * deploy is queued (Pending), then InProgress, and ends Succeeded, SucceededPartial or Failed over
 * the status checks that follow. All or nothing by default (rollbackOnError): one failing component
 * and nothing is written. `checkOnly` validates and writes nothing. Statuses, fields and messages:
 * docs/salesforce/lmo-dashboard.md#deploy.
 */
import { toId18 } from '../../core/orgId';
import { serialId15 } from '../random';
import { sfDateTime } from '../time';
import { type DeployProblem, type PackageComponent, type ReadPackage, readPackage } from './deployPackage';
import { type MetadataRegistry } from './registry';
import { validate } from './validate';

export type DeployStatus = 'Pending' | 'InProgress' | 'Succeeded' | 'SucceededPartial' | 'Failed';

/** The options the demo reads; others are accepted and echoed. */
export interface DeployOptions {
  readonly checkOnly?: boolean;
  readonly rollbackOnError?: boolean;
  readonly ignoreWarnings?: boolean;
  readonly allowMissingFiles?: boolean;
  readonly [option: string]: unknown;
}

export interface DeployMessage {
  changed: boolean;
  componentType: string;
  created: boolean;
  createdDate: string;
  deleted: boolean;
  fileName: string;
  fullName: string;
  id?: string;
  lineNumber?: number;
  columnNumber?: number;
  problem?: string;
  problemType?: 'Error' | 'Warning';
  success: boolean;
}

export interface DeployResult {
  id: string;
  checkOnly: boolean;
  completedDate: string | null;
  createdBy: string;
  createdByName: string;
  createdDate: string;
  details: { componentSuccesses: DeployMessage[]; componentFailures: DeployMessage[]; runTestResult: object } | null;
  done: boolean;
  errorMessage: string | null;
  errorStatusCode: string | null;
  ignoreWarnings: boolean;
  lastModifiedDate: string;
  numberComponentErrors: number;
  numberComponentsDeployed: number;
  numberComponentsTotal: number;
  numberTestErrors: number;
  numberTestsCompleted: number;
  numberTestsTotal: number;
  rollbackOnError: boolean;
  runTestsEnabled: boolean;
  startDate: string | null;
  stateDetail: string | null;
  status: DeployStatus;
  success: boolean;
}

export interface DeployEngineContext {
  readonly registry: MetadataRegistry;
  now(): number;
  userId(): string;
  userName(): string;
  lmaInstalled(): boolean;
}

interface DeployJob {
  readonly id: string;
  readonly options: DeployOptions;
  readonly createdMs: number;
  checks: number;
  read?: ReadPackage;
  result?: DeployResult;
}

const FIRST_SERIAL = 80_000_000;

export class DeployEngine {
  private readonly jobs = new Map<string, DeployJob>();
  private serial = FIRST_SERIAL;

  constructor(private readonly ctx: DeployEngineContext) {}

  /** Queues a deploy of a zip; the zip is read in the background. */
  start(zip: Buffer, options: DeployOptions = {}): { id: string; result: DeployResult } {
    const id = toId18(serialId15('0Af', this.serial++));
    const job: DeployJob = { id, options, createdMs: this.ctx.now(), checks: 0 };
    this.jobs.set(id, job);
    void readPackage(zip).then(
      (read) => (job.read = read),
      () => (job.read = { components: [], problems: [], error: { statusCode: 'INVALID_ZIP', message: 'The zip file could not be read.' } }),
    );
    return { id, result: this.snapshot(job, 'Pending', false) };
  }

  /** The deploy's status now; each check moves a deploy on (Pending → InProgress → done). Undefined for an unknown id. */
  check(id: string, includeDetails: boolean): DeployResult | undefined {
    const job = this.jobs.get(id) ?? [...this.jobs.values()].find((j) => j.id.slice(0, 15) === id.slice(0, 15));
    if (!job) return undefined;
    job.checks++;
    if (!job.result && job.checks >= 2 && job.read) job.result = this.finish(job, job.read);
    if (job.result) return includeDetails ? job.result : { ...job.result, details: null };
    return this.snapshot(job, 'InProgress', includeDetails);
  }

  /** The options a deploy was started with. */
  options(id: string): DeployOptions {
    return this.jobs.get(id)?.options ?? {};
  }

  /** Whether a deploy has been read and is ready to finish on its next check (for tests that wait). */
  isRead(id: string): boolean {
    return this.jobs.get(id)?.read !== undefined;
  }

  private finish(job: DeployJob, read: ReadPackage): DeployResult {
    const stamp = sfDateTime(this.ctx.now());
    const { checkOnly = false, rollbackOnError = true, allowMissingFiles = false } = job.options;
    const base = this.snapshot(job, 'InProgress', true);
    if (read.error)
      return {
        ...base,
        done: true,
        completedDate: stamp,
        lastModifiedDate: stamp,
        status: 'Failed',
        errorStatusCode: read.error.statusCode,
        errorMessage: read.error.message,
      };
    const missing = (p: DeployProblem) => p.problem.endsWith('was named in package.xml, but was not found in zipped directory');
    const problems = [
      ...read.problems.filter((p) => !(allowMissingFiles && missing(p))),
      ...validate(read.components, { registry: this.ctx.registry, lmaInstalled: this.ctx.lmaInstalled() }),
    ];
    const failed = new Set(problems.map((p) => `${p.componentType}#${p.fullName}`));
    let good = read.components.filter((c) => !failed.has(`${c.type}#${c.fullName}`));
    // Applying what passes: a component that names a failing one (a report in a failing folder, a dashboard showing a failing
    // report) fails too. (All or nothing lists it as a success, rolled back with the rest: unconfirmed.)
    for (let more = !rollbackOnError && problems.length > 0; more;) {
      const next = validate(good, { registry: this.ctx.registry, lmaInstalled: this.ctx.lmaInstalled() });
      for (const p of next) failed.add(`${p.componentType}#${p.fullName}`);
      problems.push(...next);
      good = good.filter((c) => !failed.has(`${c.type}#${c.fullName}`));
      more = next.length > 0;
    }
    const packageFailed = problems.some((p) => p.componentType === '');
    const apply = !checkOnly && (problems.length === 0 || (!rollbackOnError && !packageFailed));
    const existed = good.map((c) => this.ctx.registry.idOf(c.type, c.fullName));
    const applied = apply
      ? this.ctx.registry.apply(
          good.map((c) => ({ type: c.type, fullName: c.fullName, xml: c.xml as string, root: c.root as NonNullable<PackageComponent['root']> })),
        )
      : undefined;
    const componentSuccesses: DeployMessage[] = good.map((c, i) => ({
      changed: existed[i] !== undefined,
      componentType: c.type,
      created: existed[i] === undefined,
      createdDate: stamp,
      deleted: false,
      fileName: c.fileName,
      fullName: c.fullName,
      ...((applied?.[i].id ?? existed[i]) ? { id: applied?.[i].id ?? existed[i] } : {}),
      success: true,
    }));
    if (!packageFailed)
      componentSuccesses.push({
        changed: true,
        componentType: '',
        created: false,
        createdDate: stamp,
        deleted: false,
        fileName: 'package.xml',
        fullName: 'package.xml',
        success: true,
      });
    const componentFailures: DeployMessage[] = problems.map((p) => ({
      changed: false,
      componentType: p.componentType,
      created: false,
      createdDate: stamp,
      deleted: false,
      fileName: p.fileName,
      fullName: p.fullName,
      ...(p.lineNumber !== undefined ? { lineNumber: p.lineNumber, columnNumber: p.columnNumber } : {}),
      problem: p.problem,
      problemType: 'Error',
      success: false,
    }));
    const status: DeployStatus = problems.length === 0 ? 'Succeeded' : apply && good.length > 0 ? 'SucceededPartial' : 'Failed';
    return {
      ...base,
      done: true,
      completedDate: stamp,
      lastModifiedDate: stamp,
      details: { componentSuccesses, componentFailures, runTestResult: RUN_TEST_RESULT },
      numberComponentErrors: failed.size,
      numberComponentsDeployed: good.length,
      numberComponentsTotal: good.length + [...failed].filter((k) => !k.startsWith('#package.xml')).length,
      status,
      success: status !== 'Failed',
    };
  }

  private snapshot(job: DeployJob, status: DeployStatus, includeDetails: boolean): DeployResult {
    const created = sfDateTime(job.createdMs);
    const { checkOnly = false, rollbackOnError = true, ignoreWarnings = false } = job.options;
    return {
      id: job.id,
      checkOnly: checkOnly === true,
      completedDate: null,
      createdBy: this.ctx.userId().slice(0, 15),
      createdByName: this.ctx.userName(),
      createdDate: created,
      details: includeDetails ? { componentSuccesses: [], componentFailures: [], runTestResult: RUN_TEST_RESULT } : null,
      done: false,
      errorMessage: null,
      errorStatusCode: null,
      ignoreWarnings: ignoreWarnings === true,
      lastModifiedDate: created,
      numberComponentErrors: 0,
      numberComponentsDeployed: 0,
      numberComponentsTotal: 0,
      numberTestErrors: 0,
      numberTestsCompleted: 0,
      numberTestsTotal: 0,
      rollbackOnError: rollbackOnError !== false,
      runTestsEnabled: false,
      startDate: status === 'Pending' ? null : created,
      stateDetail: null,
      status,
      success: false,
    };
  }
}

/** No Apex in these deploys: no tests run. */
const RUN_TEST_RESULT = {
  numFailures: 0,
  numTestsRun: 0,
  totalTime: 0,
  codeCoverage: [],
  codeCoverageWarnings: [],
  failures: [],
  flowCoverage: [],
  flowCoverageWarnings: [],
  successes: [],
};

/**
 * The demo org's Metadata API: the registry of what deploys wrote, the deploy engine, and its two
 * doors — the REST resource `metadata/deployRequest` and the SOAP endpoint `/services/Soap/m/XX.X`
 * (docs/demo.md#deploying-metadata).
 */
import { type DemoStore } from '../store';
import { AppAssignments } from './appAssignments';
import { DeployEngine } from './deployEngine';
import { Profiles } from './profiles';
import { MetadataRegistry } from './registry';

export type { MetadataRegistry };
import { MetadataRestRoutes } from './restRoutes';
import { type SoapAnswer, soapMetadata } from './soap';
import { ToolingSObjectRoutes } from './toolingRoutes';

/** The demo org as the Metadata API sees it. */
export interface MetadataOrg {
  readonly store: DemoStore;
  readonly username: string;
  readonly orgId: string;
  readonly url: string;
  now(): number;
  userId(): string;
  /** The session number of a token (undefined when it is not valid). */
  sessionOf(token: string): number | undefined;
}

export class MetadataApi {
  readonly registry: MetadataRegistry;
  readonly engine: DeployEngine;
  readonly rest: MetadataRestRoutes;
  /** The org's apps and their Home page assignments (a Tooling PATCH, or a person in Lightning App Builder). */
  readonly apps: AppAssignments;
  /** The org's profiles (Profile, standard and Tooling). */
  readonly profiles: Profiles;
  /** Tooling sObject records: CustomApplication (GET, PATCH) and Profile (GET). */
  readonly tooling: ToolingSObjectRoutes;

  constructor(
    private readonly org: MetadataOrg,
    private readonly lmaInstalled: () => boolean,
  ) {
    this.registry = new MetadataRegistry({ store: org.store, orgId: org.orgId, now: () => org.now(), userId: () => org.userId() });
    this.engine = new DeployEngine({ registry: this.registry, now: () => org.now(), userId: () => org.userId(), userName: () => org.username, lmaInstalled });
    this.rest = new MetadataRestRoutes(this.engine, () => org.url);
    this.profiles = new Profiles({ store: org.store, now: () => org.now(), userId: () => org.userId() });
    this.apps = new AppAssignments({ store: org.store, registry: this.registry, profiles: this.profiles, now: () => org.now(), userId: () => org.userId() });
    this.tooling = new ToolingSObjectRoutes(org.store, this.apps);
  }

  /** The REST API's parts this answers: `metadata/…` and `tooling/sobjects/…`. */
  get routes(): { metadata: MetadataRestRoutes; tooling: ToolingSObjectRoutes } {
    return { metadata: this.rest, tooling: this.tooling };
  }

  /** One SOAP Metadata API request; `onCall` counts it once its session is known. */
  soap(body: string, onCall?: (sessionId: string, operation: string) => void): SoapAnswer {
    return soapMetadata(
      {
        engine: this.engine,
        registry: this.registry,
        validSession: (s) => this.org.sessionOf(s) !== undefined,
        userName: () => this.org.username,
        lmaInstalled: this.lmaInstalled,
        onCall,
      },
      body,
    );
  }
}

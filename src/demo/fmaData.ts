/**
 * The demo's Feature Management App data: each package's feature parameters (every type and
 * direction), and per License a value record for each parameter its installed version contains,
 * spread as real install bases are (a popular feature mostly on, limits clustered on a few tiers,
 * support dates in the past and the future, usage figures the subscribers report daily).
 * Subscriber → LMO values carry the time of their last report (within 24 hours, a few older:
 * orgs that stopped reporting); LMO → subscriber values the time the partner last set them.
 */
import { type CalendarDate, addDays } from '../core/calendarDate';
import { compareVersionNumbers } from '../core/versionNumber';
import { FEATURE_PARAMETER_OBJECT, FEATURE_VALUE_OBJECTS, LMO_TO_SUBSCRIBER, SUBSCRIBER_TO_LMO } from './fmaSchema';
import { type Random } from './random';
import { type DemoRecord } from './schema';
import { DAY_MS, dayMs, sfDateTime } from './time';

type Spread =
  | { readonly kind: 'share'; readonly on: number }
  | { readonly kind: 'tiers'; readonly tiers: readonly (readonly [number, number])[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number; readonly log?: boolean }
  | { readonly kind: 'days'; readonly from: number; readonly to: number };

export interface DemoFeatureSpec {
  readonly name: string;
  readonly dataType: 'Boolean' | 'Integer' | 'Date';
  readonly direction: 'LMO to Subscriber' | 'Subscriber to LMO';
  /** The first version that contains it. */
  readonly since: string;
  readonly spread: Spread;
}

/** Per package namespace. The legacy package's one parameter has an invisible character in its name, as hostile text. */
export const DEMO_FEATURES: Readonly<Record<string, readonly DemoFeatureSpec[]>> = {
  acmebill: [
    { name: 'AdvancedReporting', dataType: 'Boolean', direction: LMO_TO_SUBSCRIBER, since: '1.9.0', spread: { kind: 'share', on: 0.78 } },
    {
      name: 'InvoiceLimit',
      dataType: 'Integer',
      direction: LMO_TO_SUBSCRIBER,
      since: '1.2.0',
      spread: {
        kind: 'tiers',
        tiers: [
          [100, 30],
          [500, 30],
          [1000, 20],
          [5000, 15],
          [25000, 5],
        ],
      },
    },
    { name: 'PremiumSupportUntil', dataType: 'Date', direction: LMO_TO_SUBSCRIBER, since: '2.0.0', spread: { kind: 'days', from: -400, to: 450 } },
    {
      name: 'InvoicesSentLastMonth',
      dataType: 'Integer',
      direction: SUBSCRIBER_TO_LMO,
      since: '2.1.0',
      spread: { kind: 'range', min: 0, max: 50000, log: true },
    },
    { name: 'UsesMultiCurrency', dataType: 'Boolean', direction: SUBSCRIBER_TO_LMO, since: '2.2.3', spread: { kind: 'share', on: 0.27 } },
    { name: 'LastBillingRunDate', dataType: 'Date', direction: SUBSCRIBER_TO_LMO, since: '2.1.0', spread: { kind: 'days', from: -60, to: 0 } },
  ],
  acmecpq: [
    { name: 'QuoteTemplates', dataType: 'Integer', direction: LMO_TO_SUBSCRIBER, since: '1.1.0', spread: { kind: 'range', min: 1, max: 5 } },
    { name: 'GuidedSelling', dataType: 'Boolean', direction: LMO_TO_SUBSCRIBER, since: '1.3.0', spread: { kind: 'share', on: 0.31 } },
    { name: 'QuotesCreated', dataType: 'Integer', direction: SUBSCRIBER_TO_LMO, since: '1.4.2', spread: { kind: 'range', min: 0, max: 9000, log: true } },
  ],
  acmefs: [
    { name: 'OfflineMode', dataType: 'Boolean', direction: LMO_TO_SUBSCRIBER, since: '1.0.0', spread: { kind: 'share', on: 0.55 } },
    { name: 'TechnicianLimit', dataType: 'Integer', direction: LMO_TO_SUBSCRIBER, since: '1.1.0', spread: { kind: 'range', min: 5, max: 400 } },
    { name: 'PilotEndsOn', dataType: 'Date', direction: LMO_TO_SUBSCRIBER, since: '1.2.0', spread: { kind: 'days', from: -90, to: 120 } },
    { name: 'ActiveTechnicians', dataType: 'Integer', direction: SUBSCRIBER_TO_LMO, since: '1.1.0', spread: { kind: 'range', min: 0, max: 380 } },
  ],
  acmeins: [{ name: 'Legacy\u202EDashboards', dataType: 'Boolean', direction: LMO_TO_SUBSCRIBER, since: '3.0.0', spread: { kind: 'share', on: 0.9 } }],
};

export interface FmaContext {
  readonly random: Random;
  readonly nextId: (prefix: string) => string;
  readonly today: CalendarDate;
  /** The demo's "now". */
  readonly nowMs: number;
  /** The user the FMA (and the LMA) writes as: it creates parameters and values. */
  readonly fmaUserId: string;
  readonly put: (object: string, record: DemoRecord) => void;
}

interface PackageInfo {
  readonly record: DemoRecord;
  readonly namespace: string;
  /** Version number → its record (04t id, release date). */
  readonly versions: ReadonlyMap<string, DemoRecord>;
}

const PREFIX = { Boolean: 'a0B', Integer: 'a0I', Date: 'a0D' } as const;
const AUTONUMBER = { Boolean: 'FPB', Integer: 'FPI', Date: 'FPD' } as const;

function valueOf(random: Random, spread: Spread, today: CalendarDate): boolean | number | string {
  switch (spread.kind) {
    case 'share':
      return random.chance(spread.on);
    case 'tiers':
      return random.weighted(spread.tiers.map(([v, w]) => [v, w] as const));
    case 'range':
      return spread.log
        ? Math.min(spread.max, Math.max(spread.min, Math.round(Math.exp(random.next() * Math.log(spread.max + 1)) - 1)))
        : random.int(spread.min, spread.max);
    case 'days':
      return addDays(today, random.int(spread.from, spread.to));
  }
}

export function generateFmaData(ctx: FmaContext, packages: readonly PackageInfo[], licenses: readonly DemoRecord[]): void {
  const serial = { Boolean: 0, Integer: 0, Date: 0 };
  const byPackage = new Map<string, { spec: DemoFeatureSpec; record: DemoRecord }[]>();
  let paramSerial = 0;
  for (const pkg of packages) {
    const params: { spec: DemoFeatureSpec; record: DemoRecord }[] = [];
    for (const spec of DEMO_FEATURES[pkg.namespace] ?? []) {
      const introduced = pkg.versions.get(spec.since);
      const createdMs = dayMs((introduced?.sfLma__Release_Date__c as CalendarDate | undefined) ?? ctx.today) + 86_400_000;
      const record: DemoRecord = {
        Id: ctx.nextId('a0F'),
        IsDeleted: false,
        CreatedDate: sfDateTime(createdMs),
        CreatedById: ctx.fmaUserId,
        LastModifiedDate: sfDateTime(createdMs),
        SystemModstamp: sfDateTime(createdMs),
        Name: `FP-${String(++paramSerial).padStart(4, '0')}`,
        sfFma__FullName__c: `${pkg.namespace}__${spec.name}`,
        sfFma__DataType__c: spec.dataType,
        sfFma__DataFlowDirection__c: spec.direction,
        sfFma__Package__c: pkg.record.Id,
        sfFma__IntroducedInPackageVersion__c: (introduced?.sfLma__Version_ID__c as string | undefined) ?? null,
        sfFma__Namespace_Prefix__c: pkg.namespace,
      };
      ctx.put(FEATURE_PARAMETER_OBJECT, record);
      params.push({ spec, record });
    }
    byPackage.set(pkg.record.Id, params);
  }
  for (const license of licenses) {
    const version = String(license.sfLma__Version_Number__c ?? '');
    const installedMs = Date.parse(String(license.CreatedDate ?? '').replace(/\+0000$/, 'Z'));
    for (const { spec, record: param } of byPackage.get(String(license.sfLma__Package__c)) ?? []) {
      if (!version || compareVersionNumbers(version, spec.since) < 0) continue;
      const createdMs = Math.max(installedMs, Date.parse(String(param.CreatedDate).replace(/\+0000$/, 'Z')));
      let modifiedMs: number;
      if (spec.direction === SUBSCRIBER_TO_LMO)
        // Reported daily; an org that stopped reporting (uninstalled, or its jobs broke) has an older value.
        modifiedMs =
          license.sfLma__Status__c !== 'Uninstalled' && ctx.random.chance(0.93)
            ? ctx.nowMs - ctx.random.int(5, 24 * 60 - 5) * 60_000
            : createdMs + ctx.random.int(1, 300) * DAY_MS;
      else modifiedMs = ctx.random.chance(0.3) ? createdMs + ctx.random.int(1, 400) * DAY_MS : createdMs;
      modifiedMs = Math.max(createdMs, Math.min(modifiedMs, ctx.nowMs));
      const type = spec.dataType;
      ctx.put(FEATURE_VALUE_OBJECTS[type], {
        Id: ctx.nextId(PREFIX[type]),
        IsDeleted: license.IsDeleted === true,
        CreatedDate: sfDateTime(createdMs),
        CreatedById: ctx.fmaUserId,
        LastModifiedDate: sfDateTime(modifiedMs),
        SystemModstamp: sfDateTime(modifiedMs),
        Name: `${AUTONUMBER[type]}-${String(++serial[type]).padStart(6, '0')}`,
        sfFma__FeatureParameter__c: param.Id,
        sfFma__License__c: license.Id,
        sfFma__Value__c: valueOf(ctx.random, spec.spread, ctx.today),
        sfFma__FullName__c: param.sfFma__FullName__c,
      });
    }
  }
}

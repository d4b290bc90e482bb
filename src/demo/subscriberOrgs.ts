/** The demo's subscriber orgs: ids, editions, instances and names (the hostile names first, unless the demo is a showcase). */
import { COMPANY_FIRST, COMPANY_SECOND, COMPANY_SUFFIX, EDITIONS, HOSTILE_NAMES, PRODUCTION_PODS } from './catalog';
import { type Random, randomBase62 } from './random';

export interface DemoOrg {
  orgId15: string;
  isSandbox: boolean;
  edition: string;
  instance: string;
  orgStatus: string;
  accountName: string | null | undefined;
  leadCompany: string | null;
  caseTwin?: boolean;
}

/** The same id with one letter's case flipped: a different org to Salesforce. */
export function flipCase(id: string): string {
  const i = [...id].findIndex((c, k) => k >= 3 && /[a-zA-Z]/.test(c));
  const c = id[i];
  return `${id.slice(0, i)}${c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()}${id.slice(i + 1)}`;
}

function companyName(random: Random): string {
  return `${random.pick(COMPANY_FIRST)} ${random.pick(COMPANY_SECOND)} ${random.pick(COMPANY_SUFFIX)}`;
}

/** The index-th org; with `hostileNames`, the first orgs carry the hostile names (catalog.ts). */
export function makeOrg(random: Random, index: number, hostileNames = true): DemoOrg {
  const hostile = hostileNames && index < HOSTILE_NAMES.length;
  const isSandbox = !hostile && random.chance(0.12);
  const edition = random.weighted(EDITIONS);
  const name = hostile ? HOSTILE_NAMES[index] : companyName(random);
  // Converted accounts for most production orgs; the hostile ones are split between account and lead.
  const converted = hostile ? index % 2 === 0 : !isSandbox && random.chance(0.6);
  return {
    orgId15: `00D${randomBase62(random, 12)}`,
    isSandbox,
    edition,
    instance: isSandbox ? `CS${random.int(1, 220)}` : `${random.pick(PRODUCTION_PODS)}${random.int(1, 250)}`,
    orgStatus: edition === 'Developer Edition' ? 'Free' : random.chance(0.04) ? 'Trial' : 'Active',
    accountName: converted ? name : undefined,
    leadCompany: converted ? (hostile ? name : companyName(random)) : name,
  };
}

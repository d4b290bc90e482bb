/** The order the org pickers list the Salesforce CLI's orgs in. */

/** What ordering needs of a CLI org (the data layer's CliOrg has it). */
export interface OrderableOrg {
  readonly username: string;
  readonly aliases: readonly string[];
  readonly isDevHub: boolean;
}

/** True when `name` is the org's username or one of its aliases. */
export const isNamed = (org: OrderableOrg, name: string | undefined): boolean => !!name && (org.username === name || org.aliases.includes(name));

/**
 * The project's target (target-org, or target-dev-hub when picking the Dev Hub) first, then, when
 * picking a Dev Hub, the Dev Hubs, then the rest by alias (or username), ignoring case.
 */
export function orderOrgs<T extends OrderableOrg>(orgs: readonly T[], target: string | undefined, role: 'lmo' | 'devHub' = 'lmo'): T[] {
  const name = (o: T) => (o.aliases[0] ?? o.username).toLowerCase();
  const hubFirst = (o: T) => (role === 'devHub' && o.isDevHub ? 1 : 0);
  return [...orgs].sort((a, b) => Number(isNamed(b, target)) - Number(isNamed(a, target)) || hubFirst(b) - hubFirst(a) || name(a).localeCompare(name(b)));
}

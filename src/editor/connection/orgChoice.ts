/** Which LMO the user chose: an org the Salesforce CLI knows, or the embedded demo. */
export type OrgChoice = { readonly kind: 'cli'; readonly aliasOrUsername: string } | { readonly kind: 'demo' };

export function describeChoice(choice: OrgChoice): string {
  return choice.kind === 'demo' ? 'the demo LMO' : choice.aliasOrUsername;
}

export function isOrgChoice(value: unknown): value is OrgChoice {
  const v = value as OrgChoice | undefined;
  return !!v && (v.kind === 'demo' || (v.kind === 'cli' && typeof v.aliasOrUsername === 'string' && v.aliasOrUsername.length > 0));
}

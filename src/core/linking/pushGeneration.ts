/**
 * Which push-upgrade hand-off fits a package: it depends on its generation, known, never guessed
 * (docs/salesforce/push-upgrades.md).
 * - Second-generation (managed or unlocked): `sf package push-upgrade schedule`, against the Dev
 *   Hub that owns the package; the command refuses an org that is not a Dev Hub, and Salesforce
 *   labels it beta.
 * - First-generation: the Salesforce CLI does not push it (only the packaging org's Push Upgrades
 *   page and the PackagePushRequest API do), so the hand-off is the org file and those steps.
 * - Unknown (no Dev Hub that can tell): say so and offer no command as if it worked.
 * The generation comes from how linking already reads the owning org (ownedPackages.ts): a
 * Package2 of the Dev Hub is 2GP, a MetadataPackage of category Package is 1GP; then from
 * sfdx-project.json (a 0Ho alias is a 2GP package); then, for a package the LMO knows that is
 * not a Package2 of the partner's Dev Hub, 1GP. Pure: the editor and the command line share it.
 */
import { singleLine } from '../displayText';
import { type OwningOrg, id15, sameId } from './ownedPackages';
import { type ProjectPackageLike } from './linkState';

export type PackageGeneration = '2gp' | '1gp';

export interface GenerationVerdict {
  /** Undefined: what is connected cannot tell. */
  readonly generation: PackageGeneration | undefined;
  /** A 2GP package the Dev Hub says is unlocked. */
  readonly unlocked: boolean;
  /** One sentence: how the generation is known, or why it is not. */
  readonly basis: string;
  /** The org that holds the push objects (the Dev Hub for 2GP, the packaging org for 1GP), when known. */
  readonly pushOrgId: string | undefined;
}

export interface GenerationInput {
  readonly name: string;
  /** 033… of the package (the LMO's Package ID, or the owning org's). */
  readonly subscriberPackageId: string | undefined;
  /** The LMO record's Developer Org ID: the Dev Hub (2GP) or packaging org (1GP) that registered it. */
  readonly developerOrgId: string | undefined;
  /** The org that owns packages, as read (undefined when none could be read). */
  readonly owner: OwningOrg | undefined;
  /** How the user names that org (alias or username). */
  readonly ownerLabel: string | undefined;
  /** The workspace's packages from sfdx-project.json. */
  readonly project?: readonly ProjectPackageLike[];
}

const label = (input: GenerationInput) => singleLine(input.ownerLabel ?? input.owner?.name ?? input.owner?.orgId ?? 'the connected org', 80);

/** The package's generation, with how it is known; undefined generation when nothing connected can tell. */
export function packageGeneration(input: GenerationInput): GenerationVerdict {
  const { owner } = input;
  const id = id15(input.subscriberPackageId);
  const owned = id ? owner?.packages.find((p) => id15(p.subscriberPackageId) === id) : undefined;
  if (owned?.generation === '2gp')
    return {
      generation: '2gp',
      unlocked: !owned.managed,
      basis: `It is a Package2 of the Dev Hub ${label(input)}: a second-generation ${owned.managed ? 'managed' : 'unlocked'} package.`,
      pushOrgId: owner?.orgId,
    };
  if (owned?.generation === '1gp')
    return {
      generation: '1gp',
      unlocked: false,
      basis: `It is a first-generation package developed in ${label(input)} (a MetadataPackage, not a Package2), its packaging org.`,
      pushOrgId: owner?.orgId,
    };
  const nameKey = input.name.trim().toLowerCase();
  const inProject = input.project?.find((p) => p.packageId?.trim().startsWith('0Ho') && p.name.trim().toLowerCase() === nameKey);
  if (inProject)
    return {
      generation: '2gp',
      unlocked: false,
      basis: `sfdx-project.json names it with a Package2 id (${singleLine(inProject.packageId ?? '', 18)}): a second-generation package.`,
      pushOrgId: input.developerOrgId,
    };
  const registeredHere = sameId(input.developerOrgId, owner?.orgId);
  const ownsSecondGeneration = !!owner?.packages.some((p) => p.generation === '2gp');
  if (owner?.isDevHub && id && (registeredHere || ownsSecondGeneration))
    return {
      generation: '1gp',
      unlocked: false,
      basis: `It is not a Package2 of the Dev Hub ${label(input)}${registeredHere ? ', which registered it' : ", which owns this partner's second-generation packages"}: a first-generation package${input.developerOrgId && !registeredHere ? `, registered from its packaging org ${singleLine(input.developerOrgId, 18)}` : ''}.`,
      pushOrgId: input.developerOrgId,
    };
  const why = !owner
    ? 'No Dev Hub is connected'
    : owner.isDevHub === false
      ? `${label(input)} is not a Dev Hub (it has no Package2)`
      : `${label(input)} neither owns it nor any second-generation package, nor registered it`;
  return {
    generation: undefined,
    unlocked: false,
    basis: `${why}, so whether it is a first- or second-generation package cannot be known; connect the Dev Hub that owns your second-generation packages, or the package's packaging org.`,
    pushOrgId: undefined,
  };
}

/** What the user is handed: the sf command (2GP), the packaging org's steps (1GP), or neither until the generation is known. */
export type HandOffKind = 'sfCommand' | 'packagingOrg' | 'undetermined';

export function handOffKind(verdict: Pick<GenerationVerdict, 'generation'>): HandOffKind {
  return verdict.generation === '2gp' ? 'sfCommand' : verdict.generation === '1gp' ? 'packagingOrg' : 'undetermined';
}

/** Said with every 2GP hand-off. */
export const SF_PUSH_BETA_NOTE =
  'Beta: `sf package push-upgrade` came as a beta of the Salesforce CLI (hidden and marked beta before plugin-packaging 2.15.0); it needs the Dev Hub that owns the package as --target-dev-hub and serves unlocked and second-generation packages only. Check `sf package push-upgrade schedule --help` on your CLI first.';

/** Why a 1GP package gets no sf command. */
export const NO_CLI_FOR_1GP =
  "No Salesforce CLI command: the CLI's push-upgrade commands take a Dev Hub and serve unlocked and second-generation packages only; Salesforce supports first-generation push upgrades in the packaging org, through its Push Upgrades page or the PackagePushRequest API.";

export interface FirstGenerationStepsInput {
  readonly packageName: string;
  readonly versionNumber: string;
  /** 04t… */
  readonly packageVersionId: string;
  /** The org file as the user will find it. */
  readonly orgFile: string;
  readonly orgCount: number;
  /** The packaging org's id, when known. */
  readonly packagingOrgId: string | undefined;
  /** UTC start (YYYY-MM-DDTHH:MM:SS), when given. */
  readonly startTime?: string;
}

/** The 1GP hand-off: the packaging org's Push Upgrades page, or the PackagePushRequest API. Text only: nothing here runs. */
export function firstGenerationSteps(input: FirstGenerationStepsInput): string[] {
  const org = input.packagingOrgId ? `the packaging org (org ${singleLine(input.packagingOrgId, 18)})` : "the package's packaging org";
  const name = singleLine(input.packageName, 80);
  const orgs = `the ${input.orgCount} org${input.orgCount === 1 ? '' : 's'} in ${singleLine(input.orgFile, 200)}`;
  const start = input.startTime ? `${input.startTime} UTC` : 'as soon as possible';
  return [
    `Log in to ${org}, the main development org (not a patch org), as a user with "Upload AppExchange Packages". Then either:`,
    'In Setup:',
    `  1. Quick Find "Packages" → Packages → ${name} → Versions tab → Push Upgrades → Schedule Push Upgrades.`,
    `  2. Version: ${input.versionNumber} (${input.packageVersionId}); scheduled start: ${start}.`,
    `  3. Select Target Organizations: ${orgs} (filter by org id).`,
    'Or through the API (REST or SOAP sObjects of that org):',
    `  1. Create a PackagePushRequest: PackageVersionId = ${input.packageVersionId}${input.startTime ? `, ScheduledStartTime = ${input.startTime}Z` : ''}.`,
    `  2. Create one PackagePushJob per line of the org file: PackagePushRequestId = the new request's id (0DV…), SubscriberOrganizationKey = the org id.`,
    '  3. Update the PackagePushRequest: Status = Pending. That schedules it; a request left in Created does nothing.',
    'Push upgrades need the package to have passed security review and Salesforce to enable them (a Partner Community case).',
  ];
}

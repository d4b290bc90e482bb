/**
 * The Partner Console steps for linking one package to this LMO, numbered, with the values to
 * enter (the package id, the LMO) ready to copy, and the permanence warning. The Partner Console
 * has no API: the user does these steps; LMA Workbench then watches for the result.
 * Steps after the Salesforce packaging guides (docs/salesforce/linking.md).
 */
import { PARTNER_CONSOLE } from '../checklist/steps/provisioning';
import { singleLine } from '../displayText';

export interface GuideStep {
  readonly number: number;
  readonly text: string;
  /** A value to enter in this step. */
  readonly copy?: { readonly label: string; readonly value: string };
}

export interface LinkingGuide {
  readonly title: string;
  readonly steps: readonly GuideStep[];
  /** Shown before the user starts: linking cannot be undone. */
  readonly permanence: string;
  /** Where the steps are done. */
  readonly consoleUrl: string;
  /** What happens after Save. */
  readonly afterwards: string;
}

export interface GuideInput {
  readonly packageName: string;
  /** 033… */
  readonly subscriberPackageId: string;
  readonly generation: '2gp' | '1gp' | undefined;
  /** The Dev Hub or packaging org that owns the package (alias or name). */
  readonly ownerLabel: string | undefined;
  /** The LMO: its label, its 18-character org id and the username to log in with. */
  readonly lmoLabel: string;
  readonly lmoOrgId: string | undefined;
  readonly lmoUsername: string | undefined;
  /** The demo serves its own Partner Console. */
  readonly consoleUrl?: string;
}

export function linkingGuide(input: GuideInput): LinkingGuide {
  const name = singleLine(input.packageName, 80);
  const lmo = singleLine(input.lmoLabel, 80);
  const owner = input.generation === '1gp' ? 'packaging org' : 'Dev Hub';
  const steps: GuideStep[] = [
    { number: 1, text: 'Open the Salesforce Partner Console and log in with your partner account.' },
    {
      number: 2,
      text: `Check that the ${owner} that owns ${name}${input.ownerLabel ? ` (${singleLine(input.ownerLabel, 80)})` : ''} is connected to the Partner Console; connect it if it is not.`,
    },
    { number: 3, text: `Find ${name} among your packages and choose Manage Licenses.`, copy: { label: 'Package ID', value: input.subscriberPackageId } },
    {
      number: 4,
      text: `Choose Register, and log in to the License Management Org ${lmo}${input.lmoUsername ? ` as ${singleLine(input.lmoUsername, 80)}` : ''}.`,
      ...(input.lmoOrgId ? { copy: { label: 'LMO org ID', value: input.lmoOrgId } } : {}),
    },
    {
      number: 5,
      text: 'Choose the default license for new installs: Free Trial (up to 90 days) or Active, and a number of seats or site-wide. You can change these defaults later.',
    },
    { number: 6, text: 'Save.' },
  ];
  return {
    title: `Link ${name} to ${lmo}`,
    steps,
    permanence: `Linking is permanent: once ${name} is linked, its leads and licenses stay in ${lmo} for good and cannot be moved to another org. Make sure this is your License Management Org (usually your Partner Business Org).`,
    consoleUrl: input.consoleUrl ?? PARTNER_CONSOLE,
    afterwards: `Salesforce then creates the package record in ${lmo}; this can take 30 minutes or more. LMA Workbench checks for it and tells you when it and its versions arrive.`,
  };
}

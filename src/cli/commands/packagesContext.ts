/**
 * What every `packages` subcommand starts from: the LMO, the Dev Hub, the project's packages and
 * their link report. Its own module, so that the subcommands (packagesPush.ts, packagesWait.ts)
 * and the command that dispatches to them (packages.ts) do not import each other.
 */
import type { DevHubReader } from '../../data/devHub/devHubReader';
import { salesforceStack } from '../../data/org/connect';
import { readProjectPackages } from '../project';
import { type CommandContext } from '../session';

/** The LMO, the Dev Hub (given, the project's, or none: then the LMO is tried), the project's packages and their link report. */
export async function linkContext(ctx: CommandContext) {
  const project = await readProjectPackages(typeof ctx.args.project === 'string' ? ctx.args.project : undefined);
  const lmo = await ctx.org('target-org', 'target-org');
  // --demo alone: the demo LMO is its own Dev Hub, as a Partner Business Org usually is.
  const devHub: DevHubReader | undefined = ctx.args['target-dev-hub'] === undefined && ctx.args.demo ? undefined : await ctx.devHub();
  const stack = await salesforceStack();
  const inventory = await stack.readLinkInventory(lmo, devHub, { signal: ctx.signal });
  const report = stack.reportOf(inventory, project);
  return { project, lmo, devHub, inventory, report, stack };
}

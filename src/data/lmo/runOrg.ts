/**
 * A journaled run is undone or resumed only in the org it changed. A run whose journal entry has
 * no org id (an older or hand-edited journal) cannot be checked, so it is refused rather than
 * applied to whatever org is connected.
 */
import { type OrgTarget } from '../org/orgTarget';
import { usageError } from '../org/errors';

export function checkRunOrg(
  run: { readonly runId: string; readonly orgId: string | undefined },
  target: Pick<OrgTarget, 'orgId' | 'label'>,
  action: 'undo' | 'resume',
): void {
  if (typeof run.orgId !== 'string' || !/^00D[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(run.orgId))
    throw usageError(
      `Run ${run.runId} has no org id in the journal, so it cannot be checked against ${target.label}: it is not ${action === 'undo' ? 'undone' : 'resumed'}. Change those records by hand (the journal lists their old values).`,
    );
  if (!target.orgId)
    throw usageError(
      `The org id of ${target.label} is not known, so run ${run.runId} cannot be checked against it: it is not ${action === 'undo' ? 'undone' : 'resumed'}.`,
    );
  if (run.orgId.slice(0, 15) !== target.orgId.slice(0, 15))
    throw usageError(`Run ${run.runId} changed org ${run.orgId}, not ${target.label}: connect to that org to ${action} it.`);
}

/**
 * Writing licenses through the API is a second, explicit opt-in (lmaWorkbench.licenseChanges.throughApi):
 * its first use in a workspace shows Salesforce's own guidance — use the Modify License page, don't
 * edit license records programmatically — and goes on only once it is accepted (remembered per workspace).
 */
import * as vscode from 'vscode';
import { type Prompts, windowPrompts } from '../kit/prompts';
import { GUIDANCE_SOURCE, SALESFORCE_GUIDANCE, VERIFIED_MEANS } from '../../core/licenseChanges/worklist';

export const GUIDANCE_ACCEPTED_KEY = 'lma.licenseChanges.apiGuidanceAccepted';

/** Asks once per workspace (a modal dialog); `answer` stands in for the person in tests, or scripted `prompts`. */
export async function acceptApiGuidance(
  memento: vscode.Memento,
  answer?: (message: string) => Promise<boolean>,
  prompts: Prompts = windowPrompts,
): Promise<boolean> {
  if (memento.get<boolean>(GUIDANCE_ACCEPTED_KEY) === true) return true;
  const accept = vscode.l10n.t('I Accept: Write Through the API');
  const message = vscode.l10n.t('Salesforce’s guidance for the License Management App: “{0}”', SALESFORCE_GUIDANCE);
  const accepted = answer
    ? await answer(message)
    : (await prompts.warn(
        message,
        {
          modal: true,
          detail: [
            vscode.l10n.t(
              'lmaWorkbench.licenseChanges.throughApi is on, so LMA Workbench would write these licenses itself. Turn it off to get the Modify License worklist instead (each license’s page, verified after you save it).',
            ),
            VERIFIED_MEANS,
            GUIDANCE_SOURCE,
          ].join('\n\n'),
        },
        accept,
      )) === accept;
  if (accepted) await memento.update(GUIDANCE_ACCEPTED_KEY, true);
  return accepted;
}

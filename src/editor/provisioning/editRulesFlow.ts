/**
 * LMA: Edit Provisioning Rules as the steps a user sees: a folder is needed (the file lives in the
 * workspace); a missing file is written from what the connected LMO's recent installs got (so a
 * connection is needed then); then the file opens. Dialogs go through `RulesPrompts`, so a test
 * drives every step with scripted answers.
 */
import * as vscode from 'vscode';
import { type CalendarDate } from '../../core/calendarDate';
import { rulesFileFromInference } from '../../core/provisioning/rulesTemplate';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { abortSignal } from '../connections/orgConnection';
import { type Prompts, windowPrompts } from '../kit/prompts';

/** The dialogs of this flow: the common ones and the document it opens. */
export interface RulesPrompts extends Prompts {
  showDocument(uri: vscode.Uri): Promise<void>;
}

/** The real dialogs. */
export const windowRulesPrompts: RulesPrompts = {
  ...windowPrompts,
  showDocument: async (uri) => void (await vscode.window.showTextDocument(uri)),
};

export interface EditRulesSources {
  readonly lmo: () => LicenseManagementOrg | undefined;
  /** The rules file's path in the workspace, as the setting says. */
  readonly rulesPath: () => string;
  /** The rules file; undefined without a workspace folder. */
  readonly rulesUri: () => vscode.Uri | undefined;
  /** The rules file's text; undefined when it does not exist. */
  readonly readRules: () => Promise<string | undefined>;
  readonly today: () => CalendarDate;
  /** The file was written: audit it. */
  readonly written: () => void;
}

export class EditRulesFlow {
  constructor(
    private readonly sources: EditRulesSources,
    private readonly prompts: RulesPrompts,
  ) {}

  async run(): Promise<void> {
    const uri = this.sources.rulesUri();
    if (!uri) {
      void this.prompts.info(vscode.l10n.t('Open a folder first: the rules file lives in the workspace ({0}).', this.sources.rulesPath()));
      return;
    }
    if ((await this.sources.readRules()) === undefined) {
      const reader = this.sources.lmo();
      if (!reader) {
        void this.prompts.info(vscode.l10n.t('Connect to your License Management Org first: the rules file starts from what its recent installs got.'));
        return;
      }
      const text = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Inferring the default licenses from recent installs…'), cancellable: true },
        async (_progress, token) => {
          const inferred = await reader.inferDefaults({ signal: abortSignal(token) });
          return rulesFileFromInference(inferred.inferences, { schemaPath: undefined, today: this.sources.today() });
        },
      );
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      this.sources.written();
    }
    await this.prompts.showDocument(uri);
  }
}

/** Insights in the workspace's files: sfdx-project.json now; the rules file and Apex plug in as more analyzers. */
import * as vscode from 'vscode';
import { analyzeSfdxProject } from '../../core/projectInsights/sfdxProjectAnalyzer';
import { type AdoptionData } from '../../core/projectMatch';
import { type FeatureContext } from '../kit/featureContext';
import { type LinkingFeature } from '../linking/linkingFeature';
import { AnalyzerHost } from '../kit/analyzerHost';

export interface ProjectInsightsFeature {
  readonly sfdxProject: AnalyzerHost<AdoptionData>;
}

export function activateProjectInsights(ctx: FeatureContext, linking: Pick<LinkingFeature, 'report' | 'onDidChangeReport'>): ProjectInsightsFeature {
  const lmo = ctx.connections.lmo;
  const dataChanged = new vscode.EventEmitter<void>();
  ctx.subscribe(
    dataChanged,
    lmo.onDidChange((state) => state.kind !== 'connecting' && dataChanged.fire()),
    ctx.onDidRequestRefresh(() => dataChanged.fire()),
    // The Dev Hub's link states make the "not linked" note exact.
    linking.onDidChangeReport(() => dataChanged.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('lmaWorkbench.oldVersionShare') && dataChanged.fire()),
  );
  const sfdxProject = new AnalyzerHost<AdoptionData>(
    {
      id: 'install base',
      files: '**/sfdx-project.json',
      loadData: async () => lmo.lmo?.adoptionSummary(),
      analyze: (text, data) =>
        analyzeSfdxProject(text, lmo.lmo ? data : undefined, {
          oldVersionShare: ctx.settings.number('oldVersionShare'),
          orgLabel: lmo.lmo?.target.label ?? vscode.l10n.t('the LMO'),
          links: linking.report(),
        }),
      onDidChangeData: dataChanged.event,
    },
    ctx.log,
  );
  ctx.subscribe(sfdxProject);
  return { sfdxProject };
}

/**
 * Feature parameters in the editor, when the connected LMO has the Feature Management App:
 * under each package of the Install Base view its parameters and how their values spread, under
 * each license its values; in the package source (feature parameter files, Apex) hovers with the
 * same facts and drift against the LMO in the Problems panel; and LMA: Edit Feature Values
 * (Guarded)… for LMO → subscriber values of one license or a selection, through the License
 * Change panel's path (preview, confirmation, write, verify, journal, undo) — off unless
 * `lmaWorkbench.featureValues.enabled`. The wiring; the steps live in valueChangeFlow.ts.
 */
import * as vscode from 'vscode';
import { type FeatureEvidence, analyzeFeatureSource } from '../../core/features/sourceAnalyzer';
import { type FeatureValuePlanRequest } from '../../core/features/valueChanges';
import { type FeatureContext } from '../kit/featureContext';
import { AnalyzerHost } from '../kit/analyzerHost';
import { windowPrompts } from '../kit/prompts';
import type { LicenseChangesFeature } from '../licenseChanges/licenseChangesFeature';
import { FEATURE_SOURCE_GLOB, loadFeatureEvidence } from './featureEvidence';
import { FeaturePresence } from './featurePresence';
import { FeatureTreeExtension } from './featureTree';
import { ValueChangeFlow } from './valueChangeFlow';

export { FEATURE_SOURCE_GLOB };

export interface FeaturesFeature {
  readonly tree: FeatureTreeExtension;
  readonly host: AnalyzerHost<FeatureEvidence>;
  /** Whether the connected LMO has the Feature Management App (after the probe). */
  readonly present: () => boolean;
  /** The probe of the connected LMO (tests wait for it). */
  readonly probed: () => Promise<boolean>;
  /** Plans value edits and shows their preview in the License Change panel. */
  readonly planValues: (request: FeatureValuePlanRequest) => Promise<boolean>;
}

export function activateFeatures(ctx: FeatureContext, licenseChanges: Pick<LicenseChangesFeature, 'kinds' | 'preview' | 'valueJournal'>): FeaturesFeature {
  const connection = ctx.connections.lmo;
  const lmo = () => connection.lmo;
  const tree = new FeatureTreeExtension(lmo);
  ctx.views.installBase.extend(tree);
  const presence = new FeaturePresence(lmo, tree, () => ctx.views.installBase.redraw(), ctx.log);
  const dataChanged = new vscode.EventEmitter<void>();
  const host = new AnalyzerHost<FeatureEvidence>(
    {
      id: 'feature parameters',
      files: FEATURE_SOURCE_GLOB,
      loadData: () => loadFeatureEvidence({ lmo, probed: () => presence.probed(), today: () => ctx.clock.today() }),
      analyze: (text, data, path) => (data ? analyzeFeatureSource(path, text, data) : { diagnostics: [], lenses: [], hovers: [] }),
      onDidChangeData: dataChanged.event,
    },
    ctx.log,
  );
  /** Probes the connected LMO, then analyzes the source against it again (tracked: tests wait for it). */
  const reprobe = (): Promise<void> => ctx.track(presence.run().then(() => host.refresh()));
  ctx.subscribe(
    host,
    dataChanged,
    // On connect and disconnect; LMA: Refresh reloads the tree's feature nodes with the tree, and
    // Check Feature Parameters Against the LMO the source's evidence.
    connection.onDidChange((state) => {
      if (state.kind !== 'connecting') void reprobe();
    }),
    // A parameter file saved elsewhere changes what Apex in other files resolves to.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (/\.featureParameter(Boolean|Integer|Date)-meta\.xml$/.test(doc.uri.path)) dataChanged.fire();
    }),
  );
  void reprobe();

  const flow = new ValueChangeFlow({ lmo, licenseChanges }, windowPrompts);
  ctx.command('lma.editFeatureValues', (...args: Parameters<ValueChangeFlow['edit']>) => flow.edit(...args));
  ctx.command('lma.undoFeatureValueChange', (runId?: string) => flow.undo(runId));
  ctx.command('lma.checkFeatureDrift', () => reprobe());

  return { tree, host, present: () => tree.present, probed: () => presence.probed(), planValues: (request) => flow.planValues(request) };
}

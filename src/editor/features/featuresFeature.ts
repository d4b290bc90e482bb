/**
 * Feature parameters in the editor, when the connected LMO has the Feature Management App:
 * under each package of the Install Base view its parameters and how their values spread, under
 * each license its values; in the package source (feature parameter files, Apex) hovers with the
 * same facts and drift against the LMO in the Problems panel; and LMA: Edit Feature Values
 * (Guarded)… for LMO → subscriber values of one license or a selection, through the License
 * Change panel's path (preview, confirmation, write, verify, journal, undo) — off unless
 * `lmaWorkbench.featureValues.enabled`.
 */
import * as vscode from 'vscode';
import { type PackageFeatures } from '../../core/features/distribution';
import { type SourceParameterEntry, LmoFeatureIndex, indexFeatureSource } from '../../core/features/drift';
import { type FeatureDataType, type FeatureValueRecord, SUBSCRIBER_TO_LMO_NOTE } from '../../core/features/parameter';
import { type FeatureEvidence, analyzeFeatureSource } from '../../core/features/sourceAnalyzer';
import { type FeatureValuePlanRequest } from '../../core/features/valueChanges';
import { valueRunsOf } from '../../core/features/valueJournal';
import { singleLine } from '../../core/displayText';
import { noIconSyntax } from '../../core/projectInsights/sfdxProjectAnalyzer';
import { parseProjectLayout } from '../../core/sfdxProject';
import { executeCommand } from '../kit/commandIds';
import { type FeatureContext } from '../kit/featureContext';
import { AnalyzerHost } from '../kit/analyzerHost';
import { type LicenseChangesFeature } from '../licenseChanges/licenseChangesFeature';
import { type InstallBaseNode } from '../installBase/installBaseTree';
import { type SubscriberNode } from '../subscribers/subscribersTree';
import { FeatureTreeExtension, featureValueOf } from './featureTree';

/** The package source the analyzer reads: feature parameter files and Apex. */
export const FEATURE_SOURCE_GLOB = '**/{*.cls,*.trigger,*.featureParameterBoolean-meta.xml,*.featureParameterInteger-meta.xml,*.featureParameterDate-meta.xml}';
const PARAMETER_FILES = '**/{*.featureParameterBoolean-meta.xml,*.featureParameterInteger-meta.xml,*.featureParameterDate-meta.xml}';

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

type Picked = Extract<InstallBaseNode | SubscriberNode, { kind: 'license' }>;

/** Asks for a new value of a parameter of this type; undefined when the user backs out. */
async function askValue(name: string, dataType: FeatureDataType, current?: string): Promise<boolean | number | string | undefined> {
  if (dataType === 'Boolean') {
    const pick = await vscode.window.showQuickPick(
      [
        { label: vscode.l10n.t('On'), value: true },
        { label: vscode.l10n.t('Off'), value: false },
      ],
      { title: vscode.l10n.t('Set {0}', name), placeHolder: current ? vscode.l10n.t('Now: {0}', current) : undefined },
    );
    return pick?.value;
  }
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set {0}', name),
    prompt: dataType === 'Integer' ? vscode.l10n.t('A whole number') : vscode.l10n.t('A date, YYYY-MM-DD'),
    value: current,
    validateInput: (t) =>
      dataType === 'Integer'
        ? /^-?\d{1,15}$/.test(t.trim())
          ? undefined
          : vscode.l10n.t('A whole number, up to 15 digits.')
        : /^\d{4}-\d{2}-\d{2}$/.test(t.trim())
          ? undefined
          : vscode.l10n.t('A date as YYYY-MM-DD.'),
  });
  if (text === undefined) return undefined;
  return dataType === 'Integer' ? Number(text.trim()) : text.trim();
}

export function activateFeatures(ctx: FeatureContext, licenseChanges: Pick<LicenseChangesFeature, 'kinds' | 'preview' | 'valueJournal'>): FeaturesFeature {
  const lmo = ctx.connections.lmo;
  const tree = new FeatureTreeExtension(() => lmo.lmo);
  ctx.views.installBase.extend(tree);
  const dataChanged = new vscode.EventEmitter<void>();
  let probe: Promise<boolean> = Promise.resolve(false);

  const setPresent = (present: boolean) => {
    if (tree.present === present) return;
    tree.present = present;
    void executeCommand('setContext', 'lma.fma', present);
    ctx.views.installBase.redraw();
  };

  const runProbe = (): Promise<boolean> => {
    const current = lmo.lmo;
    if (!current) {
      setPresent(false);
      return Promise.resolve(false);
    }
    return current.features.probe().then(
      (result) => {
        if (lmo.lmo !== current) return false;
        setPresent(result.installed);
        if (!result.installed) ctx.log.info(`No Feature Management App in ${current.target.label}: ${result.error.message}`);
        return result.installed;
      },
      (err) => {
        ctx.log.warn(`Probing for the Feature Management App failed: ${(err as Error).message}`);
        setPresent(false);
        return false;
      },
    );
  };
  /** Probes the connected LMO, then analyzes the source against it again (tracked: tests wait for it). */
  const reprobe = (): Promise<void> => {
    probe = runProbe();
    return ctx.track(probe.then(() => host.refresh()));
  };

  const folder = () => vscode.workspace.workspaceFolders?.[0];
  const loadEvidence = async (): Promise<FeatureEvidence | undefined> => {
    const root = folder();
    if (!root) return undefined;
    let layout = { directories: [] as { path: string; packageName: string | undefined }[], namespace: undefined as string | undefined };
    try {
      const parsed = parseProjectLayout(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(root.uri, 'sfdx-project.json'))));
      if (parsed.ok) layout = { directories: [...parsed.layout.directories], namespace: parsed.layout.namespace };
    } catch {
      // No sfdx-project.json: files belong to no package; names resolve by namespace-less lookup.
    }
    const declared: SourceParameterEntry[] = [];
    for (const uri of await vscode.workspace.findFiles(PARAMETER_FILES, '**/node_modules/**', 2000)) {
      const path = vscode.workspace.asRelativePath(uri, false).split('\\').join('/');
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      declared.push(...indexFeatureSource([{ path, text }], layout).parameters);
    }
    const base = { project: layout, declared, distributions: new Map(), versions: [], orgLabel: lmo.lmo?.target.label ?? 'the LMO' };
    const current = lmo.lmo;
    if (!current || !(await probe)) return { ...base, lmo: undefined };
    const [packages, parameters, versions] = await Promise.all([current.packages(), current.features.parameters(), current.packageVersions()]);
    const index = new LmoFeatureIndex(packages, parameters);
    // Distributions (two calls a package) only for the packages this source belongs to.
    const names = new Set(layout.directories.map((d) => d.packageName?.toLowerCase()).filter(Boolean));
    const wanted = new Set(
      declared.flatMap((d) => (d.parameter ? [index.resolve(d.parameter.name, d.packageName, layout.namespace)?.packageId.slice(0, 15)] : [])),
    );
    for (const p of packages) if (names.has(p.name.toLowerCase())) wanted.add(p.id.slice(0, 15));
    const distributions = new Map<string, { item: PackageFeatures['parameters'][number]; liveLicenses: number }>();
    for (const p of packages.filter((p) => wanted.has(p.id.slice(0, 15)))) {
      const features = await current.features.distributions(p.id, { today: ctx.clock.today() });
      for (const item of features.parameters) distributions.set(item.parameter.id.slice(0, 15), { item, liveLicenses: features.liveLicenses });
    }
    return { ...base, lmo: index, distributions, versions, orgLabel: current.target.label };
  };

  const host = new AnalyzerHost<FeatureEvidence>(
    {
      id: 'feature parameters',
      files: FEATURE_SOURCE_GLOB,
      loadData: loadEvidence,
      analyze: (text, data, path) => (data ? analyzeFeatureSource(path, text, data) : { diagnostics: [], lenses: [], hovers: [] }),
      onDidChangeData: dataChanged.event,
    },
    ctx.log,
  );

  ctx.subscribe(
    host,
    dataChanged,
    // On connect and disconnect; LMA: Refresh reloads the tree's feature nodes with the tree, and
    // Check Feature Parameters Against the LMO the source's evidence.
    lmo.onDidChange((state) => {
      if (state.kind !== 'connecting') void reprobe();
    }),
    // A parameter file saved elsewhere changes what Apex in other files resolves to.
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (/\.featureParameter(Boolean|Integer|Date)-meta\.xml$/.test(doc.uri.path)) dataChanged.fire();
    }),
  );
  void reprobe();

  const enabled = async (): Promise<boolean> => {
    if (vscode.workspace.getConfiguration('lmaWorkbench').get<boolean>('featureValues.enabled')) return true;
    const settings = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Editing feature parameter values from the editor is off. Turn on lmaWorkbench.featureValues.enabled for guarded edits: previewed, confirmed, verified, journaled and undoable.',
      ),
      settings,
    );
    if (choice === settings) await executeCommand('workbench.action.openSettings', 'lmaWorkbench.featureValues');
    return false;
  };

  const planValues = async (request: FeatureValuePlanRequest): Promise<boolean> => {
    const current = lmo.lmo;
    if (!current) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Connect to your License Management Org first.'));
      return false;
    }
    const built = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading the feature parameter values…') },
      () => current.features.planValueChanges(request),
    );
    licenseChanges.preview({
      kind: licenseChanges.kinds.featureValues,
      plan: built.plan,
      leftOut: built.unresolved.map((u) => ({ license: `${u.license} · ${u.parameter}`, reason: u.reason })),
      unchanged: built.unchanged.length,
    });
    return true;
  };

  /** One value from its node: read-only ones say why. */
  const editOne = async (value: FeatureValueRecord, licenseId: string, name: string) => {
    if (value.direction !== 'LmoToSubscriber') {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} cannot be edited. {1}', name, SUBSCRIBER_TO_LMO_NOTE));
      return;
    }
    const now = value.value === null ? undefined : String(value.value);
    const next = await askValue(name, value.dataType, now);
    if (next === undefined) return;
    await planValues({
      description: vscode.l10n.t('Set {0} from the editor', name),
      changes: [{ license: licenseId, parameter: value.fullName, value: next }],
    });
  };

  ctx.command('lma.editFeatureValues', async (node?: InstallBaseNode | SubscriberNode, nodes?: readonly (InstallBaseNode | SubscriberNode)[]) => {
    if (!(await enabled())) return;
    const single = node ? featureValueOf(node) : undefined;
    if (single) return editOne(single.value, single.licenseId, single.name);
    const licenses = (nodes?.length ? nodes : node ? [node] : []).filter((n): n is Picked => n.kind === 'license').map((n) => n.license);
    const current = lmo.lmo;
    if (!licenses.length || !current) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Select licenses in the Install Base or Subscribers view first.'));
      return;
    }
    const targets = await current.features.valueTargets(licenses.map((l) => l.id));
    const editable = new Map<string, { fullName: string; dataType: FeatureDataType; count: number }>();
    for (const t of targets.filter((t) => t.parameter.direction === 'LmoToSubscriber')) {
      const entry = editable.get(t.parameter.fullName) ?? { fullName: t.parameter.fullName, dataType: t.parameter.dataType, count: 0 };
      editable.set(t.parameter.fullName, { ...entry, count: entry.count + 1 });
    }
    if (!editable.size) {
      void vscode.window.showInformationMessage(vscode.l10n.t('These licenses have no LMO → subscriber feature parameter values to edit.'));
      return;
    }
    const pick = await vscode.window.showQuickPick(
      [...editable.values()]
        .sort((a, b) => a.fullName.localeCompare(b.fullName))
        .map((p) => ({
          label: noIconSyntax(singleLine(p.fullName, 120)),
          description: `${p.dataType} · ${vscode.l10n.t('{0} of {1} licenses', p.count, licenses.length)}`,
          p,
        })),
      { title: licenses.length === 1 ? vscode.l10n.t('Edit a feature value') : vscode.l10n.t('Edit a feature value of {0} licenses', licenses.length) },
    );
    if (!pick) return;
    const next = await askValue(pick.p.fullName, pick.p.dataType);
    if (next === undefined) return;
    await planValues({
      description: vscode.l10n.t(
        'Set {0} on {1} from the editor',
        pick.p.fullName,
        licenses.length === 1 ? vscode.l10n.t('a license') : vscode.l10n.t('{0} licenses', licenses.length),
      ),
      changes: licenses.map((l) => ({ license: l.id, parameter: pick.p.fullName, value: next })),
    });
  });

  ctx.command('lma.undoFeatureValueChange', async (runId?: string) => {
    if (!(await enabled())) return;
    const current = lmo.lmo;
    if (!current) return;
    const orgId = current.target.orgId?.slice(0, 15);
    const runs = valueRunsOf(await licenseChanges.valueJournal.entries()).filter(
      (r) => [...r.results.values()].some((x) => x.outcome === 'saved') && (!orgId || !r.orgId || r.orgId.slice(0, 15) === orgId),
    );
    const chosen =
      typeof runId === 'string'
        ? runId
        : (
            await vscode.window.showQuickPick(
              runs.reverse().map((r) => ({
                label: noIconSyntax(singleLine(r.plan.description || r.runId, 120)),
                description: new Date(r.at).toLocaleString(),
                detail: `${r.runId} · ${r.user}`,
                runId: r.runId,
              })),
              {
                title: vscode.l10n.t('Undo a Feature Value Change'),
                placeHolder: runs.length ? vscode.l10n.t('Which change?') : vscode.l10n.t('No feature value change of this org in the journal'),
              },
            )
          )?.runId;
    if (!chosen) return;
    const undo = await licenseChanges.kinds.featureValues.undo(current, chosen);
    if (!undo) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No run {0} in the feature value journal.', chosen));
      return;
    }
    licenseChanges.preview(undo);
  });

  ctx.command('lma.checkFeatureDrift', () => reprobe());

  return { tree, host, present: () => tree.present, probed: () => probe, planValues };
}

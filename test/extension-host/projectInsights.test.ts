import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import type { VersionNode } from '../../src/editor/installBase/installBaseTree';
import { connectDemo, eventually } from './support';

const ofCode = (uri: vscode.Uri, code: string) =>
  vscode.languages.getDiagnostics(uri).filter((d) => (typeof d.code === 'object' ? d.code.value : d.code) === code);

interface ExpectedVersion {
  readonly version: { readonly id: string; readonly versionNumber: string; readonly releaseDate: string };
  readonly live: number;
  readonly seats: number;
}
interface Expected {
  readonly pkg: { readonly name: string };
  readonly live: number;
  readonly latest: { readonly versionNumber: string };
  readonly shareOnLatest: number;
  readonly versions: readonly ExpectedVersion[];
}

/** Live (Active or Trial, not expired), non-sandbox licenses and their per-seat seats per version, straight from SOQL. */
async function expectedAdoption(lma: TestApi): Promise<Map<string, Expected>> {
  const client = lma.connections.lmo.client!;
  const live =
    "sfLma__Status__c IN ('Active', 'Trial') AND sfLma__Subscriber_Org_Is_Sandbox__c = false AND (sfLma__Expiration__c = null OR sfLma__Expiration__c = 1970-01-01 OR sfLma__Expiration__c >= TODAY)";
  const rows = async (soql: string) => (await client.fetchAll<Record<string, unknown>>(soql)).records;
  const counts = new Map(
    (await rows(`SELECT sfLma__Package_Version__c v, COUNT(Id) n FROM sfLma__License__c WHERE ${live} GROUP BY sfLma__Package_Version__c`)).map((r) => [
      String(r.v),
      Number(r.n),
    ]),
  );
  const seats = new Map(
    (
      await rows(
        `SELECT sfLma__Package_Version__c v, SUM(sfLma__Seats__c) n FROM sfLma__License__c WHERE ${live} AND sfLma__Seats__c >= 0 GROUP BY sfLma__Package_Version__c`,
      )
    ).map((r) => [String(r.v), Number(r.n)]),
  );
  const versions = await rows(
    'SELECT Id, sfLma__Package__r.Name, sfLma__Version_Number__c, sfLma__Release_Date__c, sfLma__Is_Beta__c FROM sfLma__Package_Version__c',
  );
  const newer = (a: string, b: string) => {
    const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
    for (let i = 0; i < 4; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
    return false;
  };
  const out = new Map<string, Expected>();
  for (const name of new Set(versions.map((v) => String((v.sfLma__Package__r as Record<string, unknown>).Name)))) {
    const own = versions.filter((v) => (v.sfLma__Package__r as Record<string, unknown>).Name === name);
    const list: ExpectedVersion[] = own.map((v) => ({
      version: { id: String(v.Id), versionNumber: String(v.sfLma__Version_Number__c), releaseDate: String(v.sfLma__Release_Date__c) },
      live: counts.get(String(v.Id)) ?? 0,
      seats: seats.get(String(v.Id)) ?? 0,
    }));
    let latest = own.find((v) => v.sfLma__Is_Beta__c === false) as Record<string, unknown>;
    for (const v of own) if (v.sfLma__Is_Beta__c === false && newer(String(v.sfLma__Version_Number__c), String(latest.sfLma__Version_Number__c))) latest = v;
    const total = list.reduce((s, v) => s + v.live, 0);
    out.set(name, {
      pkg: { name },
      live: total,
      latest: { versionNumber: String(latest.sfLma__Version_Number__c) },
      shareOnLatest: (counts.get(String(latest.Id)) ?? 0) / total,
      versions: list,
    });
  }
  return out;
}
const pct = (x: number) => `${Math.round(x * 100)}%`;

describe('install base in sfdx-project.json', () => {
  let lma: TestApi;
  let uri: vscode.Uri;
  let doc: vscode.TextDocument;
  let adoption: Map<string, Expected>;

  const rangeOfText = (text: string) => {
    const offset = doc.getText().indexOf(text);
    assert.ok(offset >= 0, `${text} is in the file`);
    return new vscode.Range(doc.positionAt(offset), doc.positionAt(offset + text.length));
  };

  before(async () => {
    ({ lma } = await connectDemo());
    uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'sfdx-project.json');
    doc = await vscode.workspace.openTextDocument(uri);
    // What the LMO says, asked here in plain SOQL and worked out here: nothing of the code under test.
    adoption = await expectedAdoption(lma);
    await lma.projectInsights.sfdxProject.analyzeAll();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('warns on each alias whose old version holds more than 10% of live licenses, with exact range and message', async () => {
    const warnings = await eventually(() => (ofCode(uri, 'lma-stale-version').length ? ofCode(uri, 'lma-stale-version') : undefined), 'stale-version warnings');
    const billing = adoption.get('Acme Billing')!;
    const cpq = adoption.get('Acme CPQ Connector')!;
    const expected = [
      ['"Acme Billing@2.2.3-1"', billing, '2.2.3'],
      ['"Acme CPQ Connector@1.4.2-1"', cpq, '1.4.2'],
    ] as const;
    assert.equal(warnings.length, expected.length, warnings.map((w) => w.message).join('\n'));
    for (const [key, pkg, version] of expected) {
      const v = pkg.versions.find((a) => a.version.versionNumber === version)!;
      const w = warnings.find((d) => d.range.isEqual(rangeOfText(key)));
      assert.ok(w, `a warning on ${key}`);
      assert.equal(w.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(
        w.message,
        `${pct(v.live / pkg.live)} of ${pkg.pkg.name}'s live licenses (${v.live.toLocaleString('en-US')}) are still on ${version}; the latest released version is ${pkg.latest!.versionNumber}. They are push-upgrade candidates.`,
      );
    }
    assert.ok(!warnings.some((d) => d.range.isEqual(rangeOfText('"Acme Billing@1.0.0-1"'))), '1.0.0 holds less than 10%');
  });

  it('warns on a package the Dev Hub says is not linked, with Link this package… as the quick fix', async () => {
    // The demo Partner Business Org is LMO and Dev Hub: the note is verified by package id, not guessed by name.
    const verified = (d: vscode.Diagnostic) => d.severity === vscode.DiagnosticSeverity.Warning;
    const [warning] = await eventually(
      () => (ofCode(uri, 'lma-not-linked').filter(verified).length ? ofCode(uri, 'lma-not-linked').filter(verified) : undefined),
      'the verified not-linked warning',
    );
    assert.ok(warning.range.isEqual(rangeOfText('"Acme Payroll"')));
    assert.match(
      warning.message,
      /^Acme Payroll \(033\w{15}\) is not linked to the LMA in Demo LMO: the LMO has no Package record for it, so its installs create no License\. Verified by package id in Demo LMO, which owns the package \(it is LMO and Dev Hub\)\.$/,
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
    const link = actions.find((a) => a.title === 'Link this package…');
    assert.equal(link?.command?.command, 'lma.linkPackage');
    assert.ok(actions.some((a) => a.title === 'Link a package to the LMA (Partner Console help)…'));
  });

  it('shows a CodeLens per linked package with live subscribers and the share on the latest version', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title).sort();
    const expected = ['Acme Billing', 'Acme CPQ Connector']
      .map((name) => {
        const a = adoption.get(name)!;
        return `${a.live.toLocaleString('en-US')} live subscribers · ${pct(a.shareOnLatest!)} on the latest version ${a.latest!.versionNumber}`;
      })
      .sort();
    assert.deepEqual(titles, expected);
  });

  it('hovers on a version alias with release date, live licenses and seats', async () => {
    const range = rangeOfText('"Acme Billing@2.2.3-1"');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, range.start.translate(0, 3));
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
      .join('\n')
      .replace(/&nbsp;/g, ' ')
      .replace(/\\/g, '');
    const billing = adoption.get('Acme Billing')!;
    const v = billing.versions.find((a) => a.version.versionNumber === '2.2.3')!;
    assert.match(text, /\*\*Acme Billing 2\.2\.3\*\*/);
    assert.ok(text.includes(`Released: ${v.version.releaseDate}`), text);
    assert.ok(text.includes(`Live licenses: ${v.live.toLocaleString('en-US')} (${pct(v.live / billing.live)} of the package)`), text);
    assert.ok(text.includes(`Seats: ${v.seats.toLocaleString('en-US')}`), text);
  });

  it('opens the push-upgrade candidates in the tree from the quick fix', async () => {
    const warning = ofCode(uri, 'lma-stale-version').find((d) => d.range.isEqual(rangeOfText('"Acme Billing@2.2.3-1"')))!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, warning.range);
    const show = actions.find((a) => a.title.startsWith('Show the '));
    assert.ok(show?.command, actions.map((a) => a.title).join(', '));
    await vscode.commands.executeCommand(show.command.command, ...(show.command.arguments ?? []));
    const selected = await eventually(() => lma.views.installBaseView.selection[0] as VersionNode | undefined, 'the version to be revealed');
    assert.equal(selected.kind, 'version');
    assert.equal(selected.version.versionNumber, '2.2.3');
    assert.deepEqual(lma.filter.current.statuses, ['Active', 'Trial']);
    assert.equal(lma.filter.current.includeSandboxes, false);
    await vscode.commands.executeCommand('lma.clearFilter');
  });

  it('ignores a malformed file without crashing or guessing, and recovers when it is fixed', async () => {
    const editor = await vscode.window.showTextDocument(doc);
    const original = doc.getText();
    await editor.edit((e) => e.insert(doc.positionAt(original.indexOf('"packageAliases"')), '{{{ '));
    await eventually(() => (ofCode(uri, 'lma-stale-version').length === 0 && ofCode(uri, 'lma-not-linked').length === 0) || undefined, 'annotations to go');
    assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri), []);
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), original));
    await eventually(() => ofCode(uri, 'lma-stale-version').length === 2 || undefined, 'annotations to come back');
    await doc.save();
  });

  it('removes everything when disconnected', async () => {
    await vscode.commands.executeCommand('lma.disconnect');
    await eventually(() => (ofCode(uri, 'lma-stale-version').length === 0 && ofCode(uri, 'lma-not-linked').length === 0) || undefined, 'annotations to go');
    assert.deepEqual(await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri), []);
  });
});

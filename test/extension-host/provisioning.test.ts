/**
 * Provisioning rules in a real editor: the rules file written from what the demo's recent
 * installs got, its audit in the Problems panel (drift on the rule, a count per broken policy,
 * schema errors), the Provisioning view of violations, and the checklist's step 4 from it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseRulesFile } from '../../src/core/provisioning/rulesFile';
import { DEMO_PACKAGES } from '../../src/demo/catalog';
import type { TestApi } from '../../src/editor/testApi';
import type { ProvisioningNode } from '../../src/editor/provisioning/violationsTree';
import { connectDemo, eventually } from './support';

describe('provisioning rules', () => {
  let lma: TestApi;
  const folder = () => vscode.workspace.workspaceFolders![0].uri;
  const rulesUri = () => vscode.Uri.joinPath(folder(), '.lma', 'provisioning.json');
  const diagnostics = () => vscode.languages.getDiagnostics(rulesUri());
  const write = async (text: string) => {
    const doc = await vscode.workspace.openTextDocument(rulesUri());
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text));
    await doc.save();
    return doc;
  };

  before(async () => {
    ({ lma } = await connectDemo());
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.lma'), { recursive: true }).then(undefined, () => undefined);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), '.lma'), { recursive: true }).then(undefined, () => undefined);
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('offers to create the rules file in the Provisioning view, and writes it from what recent installs got', async () => {
    const first = lma.provisioning.tree.getChildren();
    assert.ok(first.some((n) => n.kind === 'message' && n.id === 'provisioning:none'));
    await vscode.commands.executeCommand('lma.editProvisioningRules');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(rulesUri()));
    const parsed = parseRulesFile(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.map((p) => p.message).join('\n'));
    const billing = parsed.rules.packages.find((p) => p.key === 'Acme Billing');
    const spec = DEMO_PACKAGES.find((p) => p.name === 'Acme Billing')!.defaults;
    assert.deepEqual(
      { status: billing?.defaults.status, trialDays: billing?.defaults.trialDays, seats: billing?.defaults.seats },
      { status: spec.status, trialDays: spec.trialDays, seats: spec.seats },
      "the demo's Partner Console defaults for Acme Billing, inferred",
    );
    assert.match(text, /Partner Console/, 'says where the defaults are really set');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), rulesUri().toString());
  });

  it('underlines drift on the rule and counts each broken policy in the Problems panel', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(rulesUri()));
    const changed = text.replace(/("Acme Billing"\s*:\s*\{[^}]*"trialDays"\s*:\s*)\d+/, '$114');
    assert.notEqual(changed, text);
    const doc = await write(changed);
    const drift = await eventually(() => diagnostics().find((d) => d.code === 'drift.trialDays'), 'the drift diagnostic', 60_000);
    assert.match(drift.message, /installs of Acme Billing got 30-day trial; your rules say 14-day trial/);
    assert.equal(doc.getText(drift.range), '14', 'on the declared value');
    assert.equal(drift.severity, vscode.DiagnosticSeverity.Warning);
    const policies = diagnostics().filter((d) => String(d.code).startsWith('policy.'));
    assert.ok(policies.length > 0, 'the demo has licenses that break the suggested policies');
    for (const p of policies) assert.match(p.message, /^[\d,]+ licenses? breaks? \w+, e\.g\. /);
  });

  it('lists the violating licenses by policy in the Provisioning view, each opening Modify License', async () => {
    const roots = lma.provisioning.tree.getChildren() as ProvisioningNode[];
    const policy = roots.find((n) => n.kind === 'policy');
    assert.ok(policy && policy.kind === 'policy', JSON.stringify(roots.map((r) => r.id)));
    const item = lma.provisioning.tree.getTreeItem(policy);
    assert.match(String(item.description), /^[\d,]+ licenses$/);
    const [violation] = lma.provisioning.tree.getChildren(policy);
    const leaf = lma.provisioning.tree.getTreeItem(violation);
    assert.equal(leaf.command?.command, 'lma.openLicenseInOrg');
    assert.match(String(leaf.command?.arguments?.[0]), /^a0L\w{12,15}$/);
  });

  it('reports schema errors on the value that breaks the schema', async () => {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(rulesUri()));
    const doc = await write(text.replace(/("Acme Billing"\s*:\s*\{[^}]*"trialDays"\s*:\s*)\d+/, '$1120'));
    const error = await eventually(() => diagnostics().find((d) => d.code === 'rules.schema'), 'a schema error', 30_000);
    assert.equal(error.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(error.range), '120');
    await write(text);
  });

  it("feeds the setup checklist's step 4 once audited", async () => {
    await lma.provisioning.runAudit();
    const contribution = await eventually(() => lma.provisioning.contribution(), 'the step 4 contribution', 60_000);
    assert.notEqual(contribution.verdict, 'unverifiable');
    assert.ok(
      contribution.evidence.some((e) => e.label === 'Acme Billing' && /30-day trial/.test(e.detail)),
      JSON.stringify(contribution.evidence),
    );
  });
});

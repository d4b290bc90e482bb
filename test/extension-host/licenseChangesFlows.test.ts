/**
 * The license change flows (src/editor/licenseChanges/changeFlows.ts) and Salesforce's guidance
 * before a write through the API (apiGuidance.ts), driven with scripted prompts against the demo
 * LMO: the opt-in notice's Modify License in Salesforce button, what should change on a selection
 * (the pick, the validated input, the preview it ends in), a plan file that does not parse, the
 * Provisioning fix before an audit, and the guidance's modal dialog — its text and detail,
 * declined and then accepted (remembered). Nothing is written to the demo.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { License } from '../../src/core/license';
import { GUIDANCE_SOURCE, SALESFORCE_GUIDANCE } from '../../src/core/licenseChanges/worklist';
import { GUIDANCE_ACCEPTED_KEY, acceptApiGuidance } from '../../src/editor/licenseChanges/apiGuidance';
import { ChangeFlows, type ChangePrompts } from '../../src/editor/licenseChanges/changeFlows';
import type { TestApi } from '../../src/editor/testApi';
import { connectDemo } from './support';
import { ScriptedPrompts, validation } from './scriptedPrompts';

/** Scripted prompts with the open dialog (answered by the script) and the documents shown. */
class ScriptedChangePrompts extends ScriptedPrompts implements ChangePrompts {
  readonly documents: vscode.Uri[] = [];
  async open(options: vscode.OpenDialogOptions): Promise<readonly vscode.Uri[] | undefined> {
    const answer = this.next({ kind: 'open', options });
    return answer === undefined ? undefined : [answer as vscode.Uri];
  }
  async showDocument(uri: vscode.Uri): Promise<void> {
    this.documents.push(uri);
  }
}

/** A workspace's memory (what the guidance's acceptance is remembered in), fresh. */
class Memory implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
  }
}

describe('license change flows', () => {
  let lma: TestApi;
  let licenses: License[];
  const ran: unknown[][] = [];
  const view = () => lma.licenseChanges.session.current;
  /** A license node as the Install Base view hands it to the command (only what the flow reads). */
  const node = (license: License) =>
    ({ kind: 'license', id: `license:${license.id}`, license }) as unknown as NonNullable<Parameters<ChangeFlows['modify']>[0]>;
  const setEnabled = (on: boolean | undefined) =>
    vscode.workspace.getConfiguration('lmaWorkbench').update('licenseChanges.enabled', on, vscode.ConfigurationTarget.Workspace);
  const flows = (prompts: ChangePrompts, audit = () => lma.provisioning.audit()) =>
    new ChangeFlows(
      {
        lmo: () => lma.connections.lmo.lmo,
        journal: lma.licenseChanges.journal,
        licenses: lma.licenseChanges.kinds.licenses,
        session: lma.licenseChanges.session,
        showPanel: () => lma.licenseChanges.panel.show(),
        audit,
        run: async (...args: unknown[]) => void ran.push(args),
      },
      prompts,
    );

  before(async () => {
    ({ lma } = await connectDemo());
    const page = await lma.connections.lmo.lmo!.licensePage({ statuses: ['Active'], includeExpired: false, includeSandboxes: false }, { pageSize: 600 });
    licenses = page.licenses.filter((l) => l.expiration.kind === 'date').slice(0, 2);
    assert.equal(licenses.length, 2);
  });
  beforeEach(() => {
    ran.length = 0;
  });
  after(async () => {
    await setEnabled(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it("while off, one license's notice offers Modify License in Salesforce, which opens that license's page; nothing is planned", async () => {
    await setEnabled(undefined);
    const before = view();
    const prompts = new ScriptedChangePrompts('Modify License in Salesforce');
    await flows(prompts).modify(node(licenses[0]));
    assert.deepEqual(prompts.shown, [
      {
        kind: 'info',
        text: "Changing licenses from the editor is off. Salesforce's guidance is the LMA's Modify License page; turn on lmaWorkbench.licenseChanges.enabled for guarded bulk changes.",
        modal: false,
        detail: undefined,
        buttons: ['Modify License in Salesforce', 'Open Settings'],
      },
    ]);
    assert.deepEqual(ran, [['lma.openLicenseInOrg', licenses[0].id]]);
    assert.equal(view(), before, 'no plan');

    // A selection has no single page to open: only the setting is offered.
    const many = new ScriptedChangePrompts('Open Settings');
    await flows(many).modify(node(licenses[0]), licenses.map(node));
    assert.ok(many.shown[0].kind === 'info');
    assert.deepEqual(many.shown[0].buttons, ['Open Settings']);
    assert.deepEqual(ran.at(-1), ['workbench.action.openSettings', 'lmaWorkbench.licenseChanges']);
  });

  it('extends a selection: what should change, the days validated, and the preview it ends in', async () => {
    await setEnabled(true);
    const prompts = new ScriptedChangePrompts('Extend the expiration…', '45');
    await flows(prompts).modify(node(licenses[0]), licenses.map(node));
    const [pick, input] = prompts.shown;
    assert.ok(pick.kind === 'pick');
    assert.equal(pick.options.title, 'Change 2 licenses');
    assert.equal(pick.options.placeHolder, 'What should change?');
    assert.deepEqual(
      pick.items.map((i) => i.label),
      ['Extend the expiration…', 'Set the expiration…', 'Set the seats…', 'Make Active', 'Suspend'],
    );
    assert.ok(input.kind === 'input');
    assert.equal(input.options.value, '30', 'thirty days offered');
    assert.equal(await validation(input, '0'), 'A whole number of days, 1 to 9,999.');
    assert.equal(await validation(input, '45'), undefined);
    const v = view();
    assert.ok(v.state === 'preview');
    assert.equal(v.summary.description, 'Change 2 licenses from the editor');
    assert.deepEqual(
      v.rows.map((r) => [r.licenseId, r.field]),
      licenses.map((l) => [l.id, 'expiration']),
    );
  });

  it('says which plan file does not parse, and why; the open dialog asks for JSON', async () => {
    await setEnabled(true);
    const file = join(mkdtempSync(join(tmpdir(), 'lma-plan-')), 'broken.json');
    writeFileSync(file, '{"changes": "all of them"}');
    const before = view();
    const prompts = new ScriptedChangePrompts(vscode.Uri.file(file));
    await flows(prompts).applyPlanFile();
    const [open, error] = prompts.shown;
    assert.ok(open.kind === 'open');
    assert.equal(open.options.title, 'Apply a License Change Plan');
    assert.deepEqual((open.options as vscode.OpenDialogOptions).filters, { JSON: ['json', 'jsonc'] });
    assert.ok(error.kind === 'error');
    assert.ok(error.text.startsWith(`${vscode.workspace.asRelativePath(vscode.Uri.file(file))} is not a valid plan: `), error.text);
    assert.equal(view(), before, 'no plan');
  });

  it('asks for an audit before fixing policy violations', async () => {
    await setEnabled(true);
    const prompts = new ScriptedChangePrompts();
    await flows(prompts, () => undefined).fixViolations();
    assert.deepEqual(prompts.messages, ['Audit the provisioning rules first (LMA: Audit Provisioning Rules).']);
  });

  it("shows Salesforce's guidance in a modal dialog before the first write through the API; declined, it asks again; accepted, it is remembered", async () => {
    const memory = new Memory();
    const declined = new ScriptedPrompts(undefined);
    assert.equal(await acceptApiGuidance(memory, undefined, declined), false);
    const [dialog] = declined.shown;
    assert.ok(dialog.kind === 'warn');
    assert.equal(dialog.modal, true);
    assert.equal(dialog.text, `Salesforce’s guidance for the License Management App: “${SALESFORCE_GUIDANCE}”`);
    assert.deepEqual(dialog.buttons, ['I Accept: Write Through the API']);
    assert.match(dialog.detail ?? '', /^lmaWorkbench\.licenseChanges\.throughApi is on, so LMA Workbench would write these licenses itself\./);
    assert.ok(dialog.detail?.endsWith(GUIDANCE_SOURCE), 'the source of the guidance');
    assert.equal(memory.get(GUIDANCE_ACCEPTED_KEY), undefined, 'a no is not remembered');

    const accepted = new ScriptedPrompts('I Accept: Write Through the API');
    assert.equal(await acceptApiGuidance(memory, undefined, accepted), true);
    assert.equal(memory.get(GUIDANCE_ACCEPTED_KEY), true);
    const again = new ScriptedPrompts();
    assert.equal(await acceptApiGuidance(memory, undefined, again), true);
    assert.deepEqual(again.shown, [], 'asked once');
  });
});

/**
 * LMA: Edit Provisioning Rules' steps (src/editor/provisioning/editRulesFlow.ts) driven with
 * scripted prompts against the demo LMO: without a folder, and without a connection when the file
 * does not exist yet, it says what is needed and writes nothing; connected, it writes the file
 * from what recent installs got, has it audited and opens it; an existing file is opened as it is.
 * The rules file here is a temporary one (the workspace's own is the provisioning suite's).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { calendarDate } from '../../src/core/calendarDate';
import { parseRulesFile } from '../../src/core/provisioning/rulesFile';
import { EditRulesFlow, type EditRulesSources, type RulesPrompts } from '../../src/editor/provisioning/editRulesFlow';
import type { TestApi } from '../../src/editor/testApi';
import { connectDemo } from './support';
import { ScriptedPrompts } from './scriptedPrompts';

/** Scripted prompts that record the documents opened. */
class ScriptedRulesPrompts extends ScriptedPrompts implements RulesPrompts {
  readonly documents: string[] = [];
  async showDocument(uri: vscode.Uri): Promise<void> {
    this.documents.push(uri.toString());
  }
}

describe('provisioning flows', () => {
  let lma: TestApi;
  let written = 0;
  const exists = (uri: vscode.Uri) =>
    vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
  const read = async (uri: vscode.Uri) => {
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined;
    }
  };
  const flow = (prompts: RulesPrompts, uri: vscode.Uri | undefined, overrides: Partial<EditRulesSources> = {}) =>
    new EditRulesFlow(
      {
        lmo: () => lma.connections.lmo.lmo,
        rulesPath: () => '.lma/provisioning.json',
        rulesUri: () => uri,
        readRules: () => (uri ? read(uri) : Promise.resolve(undefined)),
        today: () => calendarDate('2026-03-02'),
        written: () => void written++,
        ...overrides,
      },
      prompts,
    );
  const freshUri = () => vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'lma-rules-')), 'provisioning.json'));

  before(async () => {
    ({ lma } = await connectDemo());
  });
  beforeEach(() => {
    written = 0;
  });
  after(async () => {
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('without a folder, says the rules file lives in the workspace (and where), and opens nothing', async () => {
    const prompts = new ScriptedRulesPrompts();
    await flow(prompts, undefined).run();
    assert.deepEqual(prompts.messages, ['Open a folder first: the rules file lives in the workspace (.lma/provisioning.json).']);
    assert.deepEqual(prompts.documents, []);
  });

  it('without a connection and without the file, says the file starts from the org, and writes nothing', async () => {
    const uri = freshUri();
    const prompts = new ScriptedRulesPrompts();
    await flow(prompts, uri, { lmo: () => undefined }).run();
    assert.deepEqual(prompts.messages, ['Connect to your License Management Org first: the rules file starts from what its recent installs got.']);
    assert.equal(await exists(uri), false, 'no file written');
    assert.equal(written, 0);
    assert.deepEqual(prompts.documents, []);
  });

  it('connected, writes the file from what recent installs got, has it audited, and opens it; an existing file is opened as it is', async () => {
    const uri = freshUri();
    const prompts = new ScriptedRulesPrompts();
    await flow(prompts, uri).run();
    const text = await read(uri);
    assert.ok(text, 'the rules file written');
    const parsed = parseRulesFile(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.problems.map((p) => p.message).join('\n'));
    assert.ok(
      parsed.rules.packages.some((p) => p.key === 'Acme Billing'),
      'the demo package inferred',
    );
    assert.equal(written, 1, 'audited once written');
    assert.deepEqual(prompts.documents, [uri.toString()]);
    assert.deepEqual(prompts.shown, [], 'no message');

    const edited = `${text}\n`;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(edited));
    const again = new ScriptedRulesPrompts();
    await flow(again, uri).run();
    assert.equal(await read(uri), edited, 'left as it is');
    assert.equal(written, 1, 'nothing written again');
    assert.deepEqual(again.documents, [uri.toString()]);
  });
});

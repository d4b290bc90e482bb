/**
 * Push Upgrade These Orgs… in a real editor, against the demo Partner Business Org (LMO, Dev Hub
 * and packaging org of its 1GP package): the hand-off follows the package's generation. The
 * prompts are the feature's test seam: nothing is sent to a terminal, nothing is pushed.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InstallBaseNode, PackageNode, VersionNode } from '../../src/editor/installBase/installBaseTree';
import type { TestApi } from '../../src/editor/testApi';
import type { PushUpgradePrompts } from '../../src/editor/linking/pushUpgradeAction';
import { connectDemo, eventually } from './support';

describe('push upgrade hand-off by generation', () => {
  let lma: TestApi;
  let saved: PushUpgradePrompts;
  const shown: { message: string; detail: string; buttons: readonly string[] }[] = [];
  const terminal: string[] = [];
  let answer: (buttons: readonly string[]) => string | undefined = () => undefined;

  before(async () => {
    ({ lma } = await connectDemo());
    await eventually(() => lma.linking.report(), 'the link report');
    const prompts = lma.linking.pushPrompts;
    saved = { ...prompts };
    prompts.review = async () => true;
    prompts.handOff = async (message, detail, buttons) => {
      shown.push({ message, detail, buttons });
      return answer(buttons);
    };
    prompts.confirm = async () => true;
    prompts.runInTerminal = (_cwd, text) => void terminal.push(text);
  });
  after(() => Object.assign(lma.linking.pushPrompts, saved));
  beforeEach(() => {
    shown.length = 0;
    terminal.length = 0;
  });

  const children = (node?: InstallBaseNode) => lma.views.installBase.getChildren(node);
  /** The oldest version of a package that has licenses: there is something to push from it. */
  const oldVersion = async (name: string): Promise<VersionNode> => {
    const pkg = (await children()).find((n): n is PackageNode => n.kind === 'package' && n.pkg.name === name);
    assert.ok(pkg, name);
    const versions = (await children(pkg)).filter((n): n is VersionNode => n.kind === 'version');
    const version = versions.find((v) => v.version.versionNumber === (name === 'Acme Insights (legacy)' ? '3.0.0' : '1.0.0'));
    assert.ok(version, `an old version of ${name}`);
    return version;
  };

  it("a first-generation package: the packaging org's steps to copy, no sf command, nothing sent to a terminal", async () => {
    answer = (buttons) => buttons.find((b) => b === 'Copy the Steps');
    await vscode.commands.executeCommand('lma.pushUpgrade', await oldVersion('Acme Insights (legacy)'));
    assert.equal(shown.length, 1);
    const [handOff] = shown;
    assert.match(handOff.message, /This is a first-generation package: schedule the push in its packaging org\./);
    assert.deepEqual(handOff.buttons, ['Copy the Steps', 'Open the Org File']);
    assert.doesNotMatch(handOff.message + handOff.detail, /sf package push-upgrade/);
    assert.match(handOff.detail, /Push Upgrades → Schedule Push Upgrades/);
    assert.match(handOff.detail, /PackagePushRequest/);
    // The clipboard lives in the browser that hosts the workbench: the write lands there a moment later.
    const copied = await eventually(async () => {
      const text = await vscode.env.clipboard.readText();
      return /Create one PackagePushJob per line of the org file/.test(text) && text;
    }, 'the steps on the clipboard');
    assert.doesNotMatch(copied, /sf package push-upgrade/);
    assert.deepEqual(terminal, []);
  });

  it('a second-generation package: the sf command, labelled beta; to a terminal only after the confirmation', async () => {
    answer = (buttons) => buttons.find((b) => b === 'Run in a Terminal…');
    await vscode.commands.executeCommand('lma.pushUpgrade', await oldVersion('Acme CPQ Connector'));
    assert.equal(shown.length, 1);
    const [handOff] = shown;
    assert.match(handOff.message, /Schedule the push upgrade with the Salesforce CLI \(beta\):/);
    assert.match(handOff.detail, /^sf package push-upgrade schedule --package 04t\S+ --org-file \S+ --target-dev-hub /);
    assert.match(handOff.detail, /Beta: `sf package push-upgrade` came as a beta/);
    assert.equal(terminal.length, 1);
    assert.match(terminal[0], /^sf package push-upgrade schedule /);
  });
});

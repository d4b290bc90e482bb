/**
 * The Setup Checklist in a real editor: checked on connect, every verdict of every step as the
 * panel receives it, the page's requests validated (it names an action, never a URL), regressions
 * noticed, a slow check cancelled, and nothing secret crossing into the webview.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import type { ChecklistView } from '../../src/webview/protocol/checklist';
import type { HostToPage } from '../../src/webview/protocol/envelope';
import { BASELINE_VERSION } from '../support/expectations';
import { type DemoControl, connectDemo, eventually, quiet, requestsDuring } from './support';

/** An LMA as current as the shipped baseline (the demo's own version is older: asserted below). */
const CURRENT_LMA = `${BASELINE_VERSION}.0`;
/** Whether version a is older than b, part by part (missing parts count as 0). */
const olderThan = (a: string, b: string): boolean => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
};

type Ready = Extract<ChecklistView, { state: 'ready' }>;

describe('setup checklist', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let nextId = 1000;
  let baselineLma: string;
  const ask = async (name: string, params: unknown) =>
    (await lma.checklist.dispatch({ type: 'request', id: ++nextId, name, params })) as Extract<HostToPage, { type: 'response' }>;
  const recheck = async (): Promise<Ready> => {
    const reply = await ask('recheck', {});
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const view = (reply as { result: ChecklistView }).result;
    assert.equal(view.state, 'ready');
    return view as Ready;
  };
  const step5Verdict = () => lma.checklist.controller.current?.steps.find((s) => s.id === 'dashboard')?.verdict;
  const verdicts = (view: Ready) => Object.fromEntries(view.checklist.steps.map((s) => [s.id, s.verdict]));

  before(async () => {
    ({ lma, demo } = await connectDemo());
    baselineLma = await demo.lmaVersion();
  });
  afterEach(async () => {
    await demo.reset();
    await demo.setSetup(['lead-manager-inactive']);
    await demo.setLmaVersion(baselineLma);
    await demo.setLmaInstalled(true);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('lma.disconnect');
  });

  it('checks on connect by itself, and the status bar says how many steps need fixing', async () => {
    await eventually(() => lma.checklist.controller.current, 'a check after connecting');
    const packages = lma.checklist.controller.current?.steps.find((s) => s.id === 'packages');
    assert.equal(packages?.verdict, 'broken', 'the default demo has an inactive lead manager');
    await eventually(() => lma.checklist.statusBar.text === '$(checklist) Setup: 1 to fix', 'the status bar after the check');
    assert.equal(lma.checklist.statusBar.command, 'lma.openSetupChecklist');
  });

  it('step 3 says what the Packages view and the Problems panel say: links verified by package id in the org that owns them, never "connect a Dev Hub"', async () => {
    await eventually(() => lma.linking.report(), 'the link report');
    const packagesStep = () => lma.checklist.controller.current?.steps.find((s) => s.id === 'packages');
    const step = await eventually(() => {
      const packages = packagesStep();
      return packages?.evidence.some((e) => /Package2|MetadataPackage/.test(e.source ?? '')) ? packages : undefined;
    }, 'step 3 built from the link report').catch((err: Error) => {
      // What the step was built from, so a failure says which half was missing.
      const seen = { owner: lma.linking.ownerLabel(), report: !!lma.linking.report(), step: packagesStep() };
      throw new Error(`${err.message}; saw ${JSON.stringify(seen)}`);
    });
    const texts = step.findings.map((f) => f.text).join('\n');
    assert.doesNotMatch(texts, /connect a Dev Hub/i, 'the demo LMO owns its packages: there is no Dev Hub to connect');
    assert.match(texts, /Acme Payroll/, 'the unlinked package, found by its id');
  });

  it('answers load with the last check, recheck in three API calls, and sends no token or instance URL to the page', async () => {
    const { result: view, requests } = await requestsDuring(lma, demo, recheck);
    assert.equal(view.apiCalls, 3);
    assert.equal(requests.length, 3, requests.map((r) => r.path).join('\n'));
    const wire = JSON.stringify(view);
    const target = lma.connections.lmo.client!.target;
    assert.ok(!/00D\w{12,15}!/.test(wire), 'no session id');
    assert.ok(!wire.includes(target.instanceUrl!) && !wire.includes('127.0.0.1'), 'no instance URL');
    const { requests: loadRequests } = await requestsDuring(lma, demo, () => ask('load', {}));
    assert.equal(loadRequests.length, 0, 'load reuses the last check');
  });

  describe('every verdict of every step, as the panel receives it', () => {
    const cases: { name: string; setup?: string[]; lma?: string; installed?: boolean; expect: Record<string, string> }[] = [
      // The workspace's sfdx-project.json names Acme Payroll, which the demo LMO does not have: attention, not done.
      {
        name: 'a clean org with a current LMA',
        setup: [],
        lma: CURRENT_LMA,
        // Step 5 (the dashboard in the LMO) cannot be verified yet, whatever the licenses.
        expect: { lmo: 'done', lmaApp: 'done', packages: 'attention', provisioning: 'unverifiable', dashboard: 'unverifiable', billing: 'done' },
      },
      { name: 'a Developer Edition org', setup: ['developer-edition'], lma: CURRENT_LMA, expect: { lmo: 'attention' } },
      { name: 'a sandbox', setup: ['sandbox'], lma: CURRENT_LMA, expect: { lmo: 'missing' } },
      { name: 'the LMA behind the baseline', setup: [], expect: { lmaApp: 'attention' } },
      { name: 'licenses read-only for the user', setup: ['no-license-edit'], lma: CURRENT_LMA, expect: { lmaApp: 'attention' } },
      { name: 'the LMA not installed', installed: false, expect: { lmaApp: 'missing', packages: 'missing', dashboard: 'missing', lmo: 'done' } },
      { name: 'an inactive lead manager', setup: ['lead-manager-inactive'], lma: CURRENT_LMA, expect: { packages: 'broken' } },
      { name: 'a before-trigger on License', setup: ['before-trigger'], lma: CURRENT_LMA, expect: { billing: 'broken' } },
      { name: 'a before-update-only trigger on License', setup: ['before-update-trigger'], lma: CURRENT_LMA, expect: { billing: 'attention' } },
      { name: 'a before-insert trigger on Package Version', setup: ['package-version-trigger'], lma: CURRENT_LMA, expect: { billing: 'broken' } },
      { name: 'a validation rule on Lead', setup: ['validation-rule'], lma: CURRENT_LMA, expect: { billing: 'broken' } },
      { name: 'a required custom field on Lead', setup: ['required-field'], lma: CURRENT_LMA, expect: { billing: 'broken' } },
      { name: 'a before-save flow on Lead', setup: ['before-save-flow'], lma: CURRENT_LMA, expect: { billing: 'broken' } },
      { name: 'no automation on License', setup: ['no-billing'], lma: CURRENT_LMA, expect: { billing: 'missing' } },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        if (!c.lma && c.installed !== false)
          assert.ok(olderThan(baselineLma, BASELINE_VERSION), `the demo's LMA ${baselineLma} is behind the shipped ${BASELINE_VERSION}`);
        if (c.setup) await demo.setSetup(c.setup);
        if (c.lma) await demo.setLmaVersion(c.lma);
        if (c.installed === false) await demo.setLmaInstalled(false);
        const view = await recheck();
        const got = verdicts(view);
        for (const [step, verdict] of Object.entries(c.expect))
          assert.equal(got[step], verdict, `${step}: ${JSON.stringify(view.checklist.steps.find((s) => s.id === step)?.findings)}`);
      });
    }
  });

  it('runs only the action the host computed: the page names a step, never a URL', async () => {
    await recheck();
    for (const bad of [{ url: 'https://evil.example' }, { step: 'nope' }, { step: 'dashboard', url: 'x' }, { gotcha: 'permanence ' }, 'dashboard']) {
      const reply = await ask('runAction', bad);
      assert.equal(reply.ok, false, JSON.stringify(bad));
      assert.equal(!reply.ok && reply.error.kind, 'usage');
    }
    // Step 5's action verifies the executives' dashboard in the LMO; the demo has none deployed.
    const verified = new Promise<void>((resolve) => {
      const sub = lma.lmoDashboard.onDidVerify(() => {
        sub.dispose();
        resolve();
      });
    });
    const reply = await ask('runAction', { step: 'dashboard' });
    assert.deepEqual(reply.ok && reply.result, { done: true });
    await verified;
    const step = await eventually(() => {
      const s = lma.checklist.controller.current?.steps.find((x) => x.id === 'dashboard');
      return s?.verdict === 'missing' ? s : undefined;
    }, 'step 5 rebuilt from the verification');
    assert.match(
      step.findings.map((f) => f.text).join('\n'),
      /The dashboard “Install base” and its reports are not in this LMO: generate them and deploy them/,
    );
    assert.equal(step.action?.kind, 'buildLmoDashboard', 'the way on: build it');
    // Back to the unverified step 5 for the tests after this one.
    lma.lmoDashboard.forget();
    await eventually(() => step5Verdict() === 'unverifiable', 'step 5 unverified again');
  });

  it('notices a step that regresses since the last check, and clears the status bar once fixed', async () => {
    await demo.setSetup([]);
    await recheck();
    assert.equal(lma.checklist.statusBar.text, '', 'nothing to fix: the item is hidden');
    const regressed = new Promise<string[]>((resolve) => {
      const sub = lma.checklist.controller.onDidCheck((r) => {
        sub.dispose();
        resolve(r.regressed.map((s) => s.id));
      });
    });
    await demo.setSetup(['before-trigger']);
    await recheck();
    assert.deepEqual(await regressed, ['billing']);
    assert.equal(lma.checklist.statusBar.text, '$(checklist) Setup: 1 to fix');
    assert.equal((lma.checklist.statusBar.backgroundColor as vscode.ThemeColor | undefined)?.id, 'statusBarItem.errorBackground', 'a regression shows in red');
  });

  it('cancels a check that hangs, keeping the previous result marked stale', async () => {
    await recheck();
    await quiet(lma);
    await demo.injectFault({ kind: 'hang' }, { match: 'tooling/composite' });
    const pending = ask('recheck', {});
    await eventually(() => lma.connections.lmo.client!.inFlight > 0, 'the check in flight');
    const cancel = await ask('cancelCheck', {});
    assert.deepEqual(cancel.ok && cancel.result, { cancelled: true });
    const reply = await pending;
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const view = (reply as { result: ChecklistView }).result as Ready;
    assert.equal(view.stale?.message, 'The check was cancelled.');
  });

  it('copies the change-feed command for this LMO', async () => {
    await vscode.commands.executeCommand('lma.copyChangeFeedCommand');
    const text = await vscode.env.clipboard.readText();
    assert.match(text, /dist\/cli\.js" changes --demo --follow --webhook https:\/\/\S+ --secret-env LMA_WEBHOOK_SECRET$/);
  });

  it('opens as a panel from the command, and says "not connected" after a disconnect', async () => {
    await vscode.commands.executeCommand('lma.openSetupChecklist');
    await eventually(() => lma.checklist.panel.current, 'the checklist panel');
    // A webview holds the focus the workbench's clipboard needs: close it for the suites after this one.
    lma.checklist.panel.current?.dispose();
    await vscode.commands.executeCommand('lma.disconnect');
    const reply = await ask('load', {});
    assert.deepEqual(reply.ok && reply.result, { state: 'notConnected' });
    await vscode.commands.executeCommand('lma.connectDemo');
    ({ lma, demo } = await connectDemo());
  });
});

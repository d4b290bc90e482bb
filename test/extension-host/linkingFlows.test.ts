/**
 * The Link Package flow (src/editor/linking/linkPackageFlow.ts) driven with scripted answers: the
 * modal the user reads (its permanence warning and the values to enter), backing out, and the
 * wait it starts — the modal could not be answered in a test before the flow took a Prompts.
 */
import * as assert from 'node:assert/strict';
import { linkPackageFlow } from '../../src/editor/linking/linkPackageFlow';
import type { LinkWaitRequest } from '../../src/editor/linking/linkWaits';
import type { TestApi } from '../../src/editor/testApi';
import { ScriptedPrompts } from './scriptedPrompts';
import { connectDemo, eventually } from './support';

describe('the Link Package flow', () => {
  let lma: TestApi;
  const REGISTERED = 'I Registered It: Watch for the Link';

  before(async () => {
    ({ lma } = await connectDemo());
    await eventually(() => lma.linking.report(), 'the link report');
  });

  const deps = (prompts: ScriptedPrompts, waits: LinkWaitRequest[], opened: string[] = []) => {
    const client = lma.connections.lmo.client;
    assert.ok(client, 'connected to the demo LMO');
    return {
      client,
      report: lma.linking.report(),
      ownerLabel: undefined,
      prompts,
      openConsole: async (id: string) => void opened.push(id),
      waitFor: async (wait: LinkWaitRequest) => {
        waits.push(wait);
        return 'linked';
      },
    };
  };

  it('warns, and starts no wait, when the package id is not known', async () => {
    const prompts = new ScriptedPrompts();
    const waits: LinkWaitRequest[] = [];
    const outcome = await linkPackageFlow({ name: 'No Such Package' }, deps(prompts, waits));
    assert.equal(outcome.kind, 'unknownPackage');
    assert.equal(waits.length, 0);
    assert.deepEqual(prompts.messages, ['The package id (033…) is not known: connect the Dev Hub that owns the package (LMA: Connect a Dev Hub…).']);
    assert.equal(prompts.shown[0]?.kind, 'warn');
  });

  it('shows the permanence warning and the steps with the package id in a modal; backing out starts nothing', async () => {
    const payroll = lma.linking.report()?.packages.find((p) => (p.projectName ?? p.name) === 'Acme Payroll');
    assert.ok(payroll?.subscriberPackageId, 'the demo has an unlinked Acme Payroll');
    const prompts = new ScriptedPrompts(undefined);
    const waits: LinkWaitRequest[] = [];
    const outcome = await linkPackageFlow({ name: 'acme payroll' }, deps(prompts, waits));
    assert.equal(outcome.kind, 'backedOut');
    assert.equal(waits.length, 0);
    const [modal] = prompts.shown;
    assert.ok(modal?.kind === 'warn', 'a warning');
    assert.equal(modal.modal, true);
    assert.match(modal.text, /Acme Payroll/);
    assert.match(modal.detail ?? '', /Linking is permanent/);
    assert.ok(modal.detail?.includes(payroll.subscriberPackageId), 'the detail carries the package id to enter');
    assert.deepEqual(modal.buttons, ['Copy the Package ID and Open the Partner Console', REGISTERED]);
  });

  it('watches for the link of the package named, by its 033 id, when the user says it is registered', async () => {
    const payroll = lma.linking.report()?.packages.find((p) => (p.projectName ?? p.name) === 'Acme Payroll');
    assert.ok(payroll?.subscriberPackageId);
    const prompts = new ScriptedPrompts(REGISTERED);
    const waits: LinkWaitRequest[] = [];
    const opened: string[] = [];
    const outcome = await linkPackageFlow({ subscriberPackageId: payroll.subscriberPackageId.slice(0, 15) }, deps(prompts, waits, opened));
    assert.equal(outcome.kind, 'waiting');
    assert.equal(outcome.kind === 'waiting' && (await outcome.wait), 'linked');
    assert.deepEqual(opened, [], 'the console is opened only when asked');
    assert.equal(waits.length, 1);
    assert.equal(waits[0]?.name, 'Acme Payroll');
    assert.equal(waits[0]?.target.subscriberPackageId, payroll.subscriberPackageId);
    assert.equal(waits[0]?.target.ownerOrgId, lma.linking.report()?.ownerOrgId);
  });
});

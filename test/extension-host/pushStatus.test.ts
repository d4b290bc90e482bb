/**
 * Push upgrades in the Packages view, against the demo Partner Business Org (it owns the packages,
 * so it is the Dev Hub of the 2GP Acme Billing and the packaging org of the 1GP Acme Insights):
 * each package's push requests with the counts the org keeps, a failed push's errors grouped by
 * type and title with the customers' names from the LMA, and the retry org file. The demo's own
 * records (its control API) are the oracle.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PackagesNode } from '../../src/editor/linking/packagesTree';
import { writeRetryFile } from '../../src/editor/linking/pushActions';
import type { TestApi } from '../../src/editor/testApi';
import type { DemoPushRequest } from '../../src/demo/pushUpgrades';
import { ScriptedPrompts } from './scriptedPrompts';
import { type DemoControl, connectDemo, eventually } from './support';

type Node = PackagesNode;
const id15 = (id: string) => id.slice(0, 15);

describe('push upgrades in the Packages view', () => {
  let lma: TestApi;
  let demo: DemoControl;
  let oracle: DemoPushRequest[];
  const children = async (node?: Node) => (await lma.linking.tree.getChildren(node)) as Node[];
  const pushesOf = async (name: string) => {
    const pkg = (await children()).find((n) => n.kind === 'package' && (n.link.projectName ?? n.link.name) === name);
    assert.ok(pkg, `${name} in the Packages view`);
    const folder = (await children(pkg)).find((n) => n.kind === 'pushes');
    assert.ok(folder, `${name} has a Push Upgrades row`);
    return (await children(folder)).filter((n): n is Extract<Node, { kind: 'pushRequest' }> => n.kind === 'pushRequest');
  };
  const failedRequest = (packageName: string) => {
    const r = oracle.find((o) => o.packageName === packageName && o.status === 'Failed');
    assert.ok(r, `the demo has a failed push of ${packageName}`);
    return r;
  };

  before(async () => {
    ({ lma, demo } = await connectDemo());
    await eventually(() => lma.linking.report(), 'the link report');
    oracle = await demo.pushRequests();
  });

  it("lists a 2GP package's push requests, newest first, with the orgs scheduled, failed and succeeded", async () => {
    const rows = await pushesOf('Acme Billing');
    const expected = oracle.filter((o) => o.packageName === 'Acme Billing');
    assert.deepEqual(rows.map((r) => id15(r.request.id)).sort(), expected.map((o) => id15(o.id)).sort());
    const started = rows.map((r) => r.request.startTime ?? r.request.scheduledStartTime ?? '');
    assert.deepEqual(started, [...started].sort().reverse(), 'newest first');
    for (const o of expected) {
      const row = rows.find((r) => id15(r.request.id) === id15(o.id));
      assert.ok(row);
      const item = lma.linking.tree.getTreeItem(row);
      const failed = o.jobs.filter((j) => j.status === 'Failed').length;
      const succeeded = o.jobs.filter((j) => j.status === 'Succeeded').length;
      assert.equal(item.label, `v${o.versionNumber} · ${o.status}`);
      assert.match(String(item.description), new RegExp(`of ${o.jobs.length} orgs`));
      if (failed) assert.match(String(item.description), new RegExp(`^${failed} failed · ${succeeded} succeeded`));
      else assert.doesNotMatch(String(item.description), /failed/);
      assert.equal(item.contextValue, failed ? 'pushRequest.retryable' : 'pushRequest', `${o.status}: Write Retry Org File offered only with failures`);
    }
  });

  it("groups a failed push's errors by type and title, naming each org's customer from the LMA", async () => {
    const failed = failedRequest('Acme Billing');
    const row = (await pushesOf('Acme Billing')).find((r) => id15(r.request.id) === id15(failed.id));
    assert.ok(row);
    const rows = await children(row);
    const groups = rows.filter((n): n is Extract<Node, { kind: 'pushErrorGroup' }> => n.kind === 'pushErrorGroup');
    // Independent count: distinct orgs per type and title in the demo's own records.
    const expected = new Map<string, Set<string>>();
    for (const job of failed.jobs)
      for (const e of job.errors) {
        const key = `${e.type}|${e.title}`;
        expected.set(key, (expected.get(key) ?? new Set()).add(id15(job.orgKey)));
      }
    assert.deepEqual(
      groups.map((g) => `${g.label.replace(/^\d+ orgs? · /, '')}|${g.title}|${g.orgs.length}`).sort(),
      [...expected].map(([key, orgs]) => `${key}|${orgs.size}`).sort(),
    );
    const sizes = groups.map((g) => g.orgs.length);
    assert.deepEqual(
      sizes,
      [...sizes].sort((a, b) => b - a),
      'most orgs first',
    );
    assert.match(groups[0].label, /^6 orgs · ApexTestFailure$/);
    for (const org of groups.flatMap((g) => g.orgs)) {
      assert.doesNotMatch(org.name, /no license/, `${org.orgId} is named from its license`);
      assert.match(org.licenseId ?? '', /^a0/, `${org.orgId} offers its license`);
      assert.equal(lma.linking.tree.getTreeItem(org).contextValue, 'driftOrg.licensed');
    }
    const jobs = rows.find((n) => n.kind === 'message' && /^Jobs: /.test(n.text));
    assert.ok(jobs && jobs.kind === 'message');
    assert.match(jobs.text, new RegExp(`${failed.jobs.filter((j) => j.status === 'Failed').length} Failed`));
  });

  it('writes the retry org file: failed and unstarted orgs, minus those already on the target version', async () => {
    const failed = failedRequest('Acme Billing');
    const row = (await pushesOf('Acme Billing')).find((r) => id15(r.request.id) === id15(failed.id));
    assert.ok(row);
    const prompts = new ScriptedPrompts(undefined);
    const file = await writeRetryFile(row, lma.linking.pushes, prompts);
    assert.ok(file, 'a file was written');
    try {
      const lines = new TextDecoder()
        .decode(await vscode.workspace.fs.readFile(file))
        .trimEnd()
        .split('\n');
      // The demo's seed: the first failed job's org is on the target version now; every other failed or unstarted org is not.
      const firstFailed = id15(failed.jobs.find((j) => j.status === 'Failed')?.orgKey ?? '');
      const expected = [...new Set(failed.jobs.filter((j) => ['Failed', 'Created', 'Pending'].includes(j.status)).map((j) => id15(j.orgKey)))]
        .filter((k) => k !== firstFailed)
        .sort();
      assert.deepEqual(lines, expected);
      assert.ok(
        lines.every((l) => /^00D\w{12}$/.test(l)),
        'one 15-character org id per line',
      );
      assert.match(file.path, /\.lma\/push-upgrades\/push-retry-2\.3\.0-0DV\w{12}\.csv$/);
      assert.match(
        prompts.messages[0] ?? '',
        new RegExp(`^Wrote the ${expected.length} orgs to push again to .*1 org already on v2\\.3\\.0 or later was left out\\.$`),
      );
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it("reads a 1GP package's pushes from its packaging org", async () => {
    const rows = await pushesOf('Acme Insights (legacy)');
    const expected = oracle.filter((o) => o.generation === '1gp');
    assert.ok(expected.length >= 2);
    assert.deepEqual(rows.map((r) => id15(r.request.id)).sort(), expected.map((o) => id15(o.id)).sort());
    const failed = failedRequest(expected[0].packageName);
    const row = rows.find((r) => id15(r.request.id) === id15(failed.id));
    assert.ok(row);
    const groups = (await children(row)).filter((n) => n.kind === 'pushErrorGroup');
    assert.equal(groups.length, new Set(failed.jobs.flatMap((j) => j.errors.map((e) => `${e.type}|${e.title}`))).size);
  });
});

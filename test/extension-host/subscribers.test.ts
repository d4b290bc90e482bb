import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { InstallBaseNode, LicenseNode, PackageNode, VersionNode } from '../../src/editor/installBase/installBaseTree';
import type { SubscriberNode, SubscriberOrgNode } from '../../src/editor/subscribers/subscribersTree';
import type { TestApi } from '../../src/editor/testApi';
import { NO_FILTER } from '../../src/editor/kit/filterState';
import { connectDemo, eventually } from './support';

describe('Subscribers tree and license actions', () => {
  let lma: TestApi;

  before(async () => {
    ({ lma } = await connectDemo());
    await lma.filter.set(NO_FILTER, { replace: true });
  });
  afterEach(() => lma.filter.set(NO_FILTER, { replace: true }));
  after(() => vscode.commands.executeCommand('lma.disconnect'));

  const orgs = async () => (await lma.views.subscribers.getChildren()).filter((n): n is SubscriberOrgNode => n.kind === 'subscriberOrg');

  it('groups licenses into orgs by 15-character org id, with edition, instance and licenses', async () => {
    const list = await orgs();
    assert.ok(list.length > 50);
    const keys = list.map((o) => o.org.orgKey);
    assert.equal(new Set(keys).size, keys.length, 'each org once');
    for (const o of list) {
      assert.ok(o.org.licenses.every((l) => l.orgKey === o.org.orgKey));
      const packagesOfOrg = o.org.licenses.map((l) => l.packageId);
      assert.equal(new Set(packagesOfOrg).size, packagesOfOrg.length, 'one license per package');
    }
    const item = lma.views.subscribers.getTreeItem(list[0]);
    assert.match(String(item.description), /(production|sandbox) · \d+ licenses?$/);
    const children = await lma.views.subscribers.getChildren(list[0]);
    assert.equal(children.length, list[0].org.licenses.length);
  });

  it('shows one org whose licenses carry both its 15- and 18-character id', async () => {
    await vscode.commands.executeCommand('lma.findSubscriber', 'Very Long Name');
    const [org, ...others] = await orgs();
    assert.equal(others.length, 0);
    const lengths = org.org.licenses.map((l) => l.subscriberOrgId.length).sort();
    assert.ok(lengths.includes(15) && lengths.includes(18), `ids of lengths ${lengths.join(', ')}`);
    assert.match(String(lma.views.subscribers.getTreeItem(org).label), /^Very Long Name Corporation/);
    assert.ok(String(lma.views.subscribers.getTreeItem(org).label).length <= 120, 'a very long name is shortened in the tree');
  });

  it('finds a subscriber by org id or by name, with SOQL-hostile text', async () => {
    const [first] = await orgs();
    await vscode.commands.executeCommand('lma.findSubscriber', first.org.orgKey);
    const byId = await orgs();
    assert.deepEqual(
      byId.map((o) => o.org.orgKey),
      [first.org.orgKey],
    );
    await vscode.commands.executeCommand('lma.findSubscriber', "'; DELETE FROM sfLma__License__c; --");
    const byName = await orgs();
    assert.equal(byName.length, 1);
    assert.equal(lma.views.subscribers.getTreeItem(byName[0]).label, "'; DELETE FROM sfLma__License__c; -- \\ %_ ");
    await vscode.commands.executeCommand('lma.findSubscriber', 'no such company at all');
    const none = await lma.views.subscribers.getChildren();
    assert.equal(none[0].kind, 'message');
  });

  it('copies the org id and the license id', async () => {
    const [org] = await orgs();
    await vscode.commands.executeCommand('lma.copyOrgId', org);
    assert.equal(await vscode.env.clipboard.readText(), org.org.orgKey);
    const [license] = await lma.views.subscribers.getChildren(org);
    await vscode.commands.executeCommand('lma.copyLicenseId', license);
    assert.equal(await vscode.env.clipboard.readText(), (license as { license: { id: string } }).license.id);
  });

  it("reveals a license's subscriber org, and a subscriber license's version", async () => {
    const [pkg] = (await lma.views.installBase.getChildren()).filter((n): n is PackageNode => n.kind === 'package');
    const versions = (await lma.views.installBase.getChildren(pkg)) as VersionNode[];
    const oldVersion = versions.filter((v) => v.totalCount > 0).at(-1) as VersionNode;
    const licenses = (await lma.views.installBase.getChildren(oldVersion)).filter((n): n is LicenseNode => n.kind === 'license');
    const license = licenses[licenses.length - 1];
    await vscode.commands.executeCommand('lma.revealSubscriber', license);
    const selected = await eventually(() => lma.views.subscribersView.selection[0] as SubscriberNode | undefined, 'the org to be selected');
    assert.equal(selected.kind, 'subscriberOrg');
    assert.equal((selected as SubscriberOrgNode).org.orgKey, license.license.orgKey);

    const orgLicense = (await lma.views.subscribers.getChildren(selected)).find((n) => n.kind === 'license' && n.license.id === license.license.id);
    assert.ok(orgLicense);
    await vscode.commands.executeCommand('lma.revealVersion', orgLicense);
    const version = await eventually(() => lma.views.installBaseView.selection[0] as InstallBaseNode | undefined, 'the version to be selected');
    assert.equal(version.kind, 'version');
    assert.equal((version as VersionNode).version.id, license.license.packageVersionId);
  });
});

/** The packages installed in the demo LMO, as the Tooling API lists them (SubscriberPackage, its version, InstalledSubscriberPackage, Publisher). */
import { toId18 } from '../core/orgId';
import { type DemoRecord } from './schema';

export function putInstalledPackages(put: (object: string, record: DemoRecord) => void): void {
  const installed: [string, string, string, [number, number, number, number]][] = [
    ['sfLma', 'License Management App', '0335g000000LMAAA', [1, 20, 0, 1]],
    ['sfFma', 'Feature Management App', '0335g000000FMAAA', [1, 4, 0, 1]],
    ['CHANNEL_ORDERS', 'Channel Order App', '0335g000000COAAA', [5, 12, 0, 1]],
    ['sfcma', 'Checkout Management App', '0335g000000CMAAA', [1, 9, 0, 2]],
    ['sf_chttr_apps', 'Salesforce Chatter Apps', '0335g000000CHTAA', [1, 12, 0, 2]],
    ['et4ae5', 'Marketing Cloud Connect', '0335g000000ET4AA', [236, 0, 0, 1]],
  ];
  installed.forEach(([ns, name, pkgId, [major, minor, patch, build]], i) => {
    const versionId = toId18(`04t5g0000${String(i).padStart(6, '0')}`);
    put('SubscriberPackage', { Id: toId18(pkgId.slice(0, 15)), Name: name, NamespacePrefix: ns, Description: null });
    put('SubscriberPackageVersion', {
      Id: versionId,
      Name: `${name} ${major}.${minor}`,
      MajorVersion: major,
      MinorVersion: minor,
      PatchVersion: patch,
      BuildNumber: build,
      IsBeta: false,
      IsManaged: true,
      Package2ContainerOptions: null,
    });
    put('InstalledSubscriberPackage', {
      Id: toId18(`0A35g00000${String(i).padStart(5, '0')}`),
      SubscriberPackageId: toId18(pkgId.slice(0, 15)),
      SubscriberPackageVersionId: versionId,
      MinPackageVersionId: versionId,
    });
    put('Publisher', {
      Id: toId18(`0Ae5g00000${String(i).padStart(5, '0')}`),
      DurableId: ns,
      Name: name,
      NamespacePrefix: ns,
      MajorVersion: major,
      MinorVersion: minor,
      IsSalesforce: ns === 'sfLma',
    });
  });
}

/**
 * The workspace's packages with their 033 subscriber package ids: sfdx-project.json names 2GP
 * packages by their 0Ho Package2 id, the LMA by the 033 id; the Dev Hub knows both.
 */
import { type ProjectPackageRef } from '../checklist/input';
import { type OwnedPackage, id15 } from './ownedPackages';
import { type ProjectPackageLike } from './linkState';

/** Fills each package's 033 id from the owning org's packages (by 0Ho id, 033 id, then name); unknown ones keep what they had. */
export function resolveProjectPackages(packages: readonly ProjectPackageLike[], owned: readonly OwnedPackage[] | undefined): ProjectPackageRef[] {
  const by0Ho = new Map<string, OwnedPackage>();
  const by033 = new Map<string, OwnedPackage>();
  const byName = new Map<string, OwnedPackage>();
  for (const p of owned ?? []) {
    if (p.package2Id) by0Ho.set(id15(p.package2Id), p);
    by033.set(id15(p.subscriberPackageId), p);
    const key = p.name.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, p);
  }
  return packages.map((entry) => {
    const id = entry.packageId?.trim();
    const owner =
      (id?.startsWith('0Ho') ? by0Ho.get(id15(id)) : id?.startsWith('033') ? by033.get(id15(id)) : undefined) ??
      (id ? undefined : byName.get(entry.name.trim().toLowerCase()));
    return {
      name: entry.name,
      packageId: id?.startsWith('0Ho') ? id : owner?.package2Id,
      subscriberPackageId: owner?.subscriberPackageId ?? (id?.startsWith('033') ? id : undefined),
    };
  });
}

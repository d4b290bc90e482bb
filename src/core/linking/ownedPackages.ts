/**
 * What the org that owns the packages knows of them: the Dev Hub (2GP: Package2, Package2Version)
 * or the packaging org (1GP: MetadataPackage, MetadataPackageVersion). Ids compare on their first
 * 15 characters, exactly (an 18-character id is the 15-character one plus a checksum of its case).
 */
import { compareVersionNumbers } from '../versionNumber';

/** A version the owning org released (beta versions are not released: no license is ever created for them). */
export interface OwnedVersion {
  /** 04t… subscriber package version id. */
  readonly subscriberPackageVersionId: string;
  /** major.minor.patch, as the LMA records it. */
  readonly versionNumber: string;
  readonly buildNumber: number;
  readonly name: string | undefined;
  /** When it was created (ISO instant), when the org says. */
  readonly createdDate: string | undefined;
}

export interface OwnedPackage {
  readonly generation: '2gp' | '1gp';
  /** 0Ho… Package2 id (2GP only). */
  readonly package2Id: string | undefined;
  /** 033… subscriber package id: what the LMA's Package record holds. */
  readonly subscriberPackageId: string;
  readonly name: string;
  readonly namespace: string | undefined;
  /** Managed packages can be linked to the LMA; unlocked (and unmanaged) ones have no licenses. */
  readonly managed: boolean;
  /** Released versions, oldest first (numerically). */
  readonly releasedVersions: readonly OwnedVersion[];
}

/** The org that owns the packages, as read. */
export interface OwningOrg {
  /** 18-character org id, when the org said. */
  readonly orgId: string | undefined;
  readonly name: string | undefined;
  readonly packages: readonly OwnedPackage[];
  /**
   * Whether the org answered for Package2 (it is a Dev Hub): then a package it does not list
   * there is not one of its second-generation packages. Undefined when not read.
   */
  readonly isDevHub?: boolean;
}

export const id15 = (id: string | undefined | null): string => (id ? id.trim().slice(0, 15) : '');

export const sameId = (a: string | undefined | null, b: string | undefined | null): boolean => !!a && !!b && id15(a) === id15(b);

/** Oldest first, numerically (1.10 after 1.9). */
export function sortOwnedVersions<T extends Pick<OwnedVersion, 'versionNumber'>>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => compareVersionNumbers(a.versionNumber, b.versionNumber));
}

/** The newest released version. */
export function latestOwnedVersion(p: Pick<OwnedPackage, 'releasedVersions'>): OwnedVersion | undefined {
  const sorted = sortOwnedVersions(p.releasedVersions);
  return sorted[sorted.length - 1];
}

/**
 * A package named the way a user names one: its 0Ho or 033 id (15 or 18 characters, exact case),
 * or its name (any case). Undefined when nothing matches; several packages of one name are
 * `ambiguous`.
 */
export function findOwnedPackage(
  packages: readonly OwnedPackage[],
  wanted: string,
): { found: OwnedPackage } | { found: undefined; ambiguous: readonly OwnedPackage[] } {
  const text = wanted.trim();
  if (/^(0Ho|033)[a-zA-Z0-9]{12}([a-zA-Z0-9]{3})?$/.test(text)) {
    const byId = packages.find((p) => id15(p.package2Id) === id15(text) || id15(p.subscriberPackageId) === id15(text));
    return byId ? { found: byId } : { found: undefined, ambiguous: [] };
  }
  const byName = packages.filter((p) => p.name.trim().toLowerCase() === text.toLowerCase());
  return byName.length === 1 ? { found: byName[0] } : { found: undefined, ambiguous: byName };
}

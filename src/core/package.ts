import { type CalendarDate } from './calendarDate';
import { compareVersionNumbers } from './versionNumber';

/** An sfLma__Package__c: one per managed package linked to the LMA. */
export interface Package {
  readonly id: string;
  readonly name: string;
  /** 033… package id. */
  readonly packageId: string | undefined;
  readonly developerName: string | undefined;
  readonly developerOrgId: string | undefined;
  readonly latestVersion: string | undefined;
  readonly releaseDate: CalendarDate | undefined;
  readonly leadManagerId: string | undefined;
  readonly lastLicenseRefresh: CalendarDate | undefined;
}

/** An sfLma__Package_Version__c. */
export interface PackageVersion {
  readonly id: string;
  /** Record id of the parent sfLma__Package__c. */
  readonly packageId: string;
  readonly name: string;
  readonly versionNumber: string;
  /** 04t… subscriber package version id. */
  readonly versionId: string | undefined;
  readonly releaseDate: CalendarDate | undefined;
  readonly isBeta: boolean;
  readonly sequence: number | undefined;
}

/** Newest first, numerically (1.10 before 1.9). */
export function sortVersionsNewestFirst<T extends Pick<PackageVersion, 'versionNumber'>>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => compareVersionNumbers(b.versionNumber, a.versionNumber));
}

/** The newest released (non-beta) version, if any. */
export function latestReleasedVersion<T extends Pick<PackageVersion, 'versionNumber' | 'isBeta'>>(versions: readonly T[]): T | undefined {
  return sortVersionsNewestFirst(versions.filter((v) => !v.isBeta))[0];
}

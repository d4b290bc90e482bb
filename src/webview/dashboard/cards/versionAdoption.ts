/**
 * Version adoption: for all packages, the share of live licenses on each one's latest released
 * version (a click picks the package); for one package, its live licenses per version.
 */
import type { InstallBaseMetrics, PackageVersionAdoption } from '../../../core/dashboard/installBaseMetrics';
import { pct, table } from '../../shared/dom';
import { barChart, palette } from '../charts';
import type { DashboardPage } from '../page';
import { keepWhole } from '../tables';
import { chartCard } from './chartCard';

export function versionAdoptionCard(page: DashboardPage, m: InstallBaseMetrics): HTMLElement {
  return page.options().packageId ? onePackage(page, m) : allPackages(page, m);
}

function allPackages(page: DashboardPage, m: InstallBaseMetrics): HTMLElement {
  const p = palette();
  const pkgs = m.versionAdoption;
  const subtitle = "Percent of live licenses on each package's latest released version";
  return chartCard({
    title: 'Version adoption',
    id: 'version-adoption',
    subtitle,
    hint: 'Click a package (a bar, or its name in the table) to see its versions.',
    draw: (canvas) =>
      barChart(canvas, {
        labels: pkgs.map((x) => x.packageName),
        datasets: [{ label: 'Live licenses on the latest version', data: pkgs.map((x) => Math.round((x.shareOnLatest ?? 0) * 1000) / 10), color: p.series[1] }],
        horizontal: true,
        percent: true,
        unit: 'percent of live licenses',
        ariaLabel: `${subtitle}: ${pkgs.map((x) => `${x.packageName} ${pct(x.shareOnLatest)}`).join(', ')}`,
        onClick: (i) => page.setOptions({ packageId: pkgs[i].packageId }),
      }),
    table: keepWhole(
      table(
        'Share of live licenses on the latest released version',
        ['Package', 'Latest version', 'Live licenses', 'On latest'],
        pkgs.map((x) => [x.packageName, x.latestVersion ?? '—', x.live, pct(x.shareOnLatest)]),
        [false, false, true, true],
        { label: 'Show versions', run: (i) => page.setOptions({ packageId: pkgs[i].packageId }) },
      ),
      [1],
    ),
  });
}

function onePackage(page: DashboardPage, m: InstallBaseMetrics): HTMLElement {
  const adoption = m.versionAdoption[0] as PackageVersionAdoption | undefined;
  const versions = adoption?.versions ?? [];
  const subtitle = 'Live licenses, by version';
  return chartCard({
    title: `Version adoption — ${adoption?.packageName ?? ''}`,
    id: 'version-adoption',
    subtitle,
    hint: `Latest released version: ${adoption?.latestVersion ?? '—'}. Click a bar, or a version in the table, to list those licenses in the sidebar.`,
    draw: (canvas) =>
      barChart(canvas, {
        labels: versions.map((v) => `${v.versionNumber}${v.isBeta ? ' β' : ''}`),
        datasets: [{ label: 'Live licenses', data: versions.map((v) => v.live) }],
        unit: 'live licenses',
        ariaLabel: `${subtitle}, ${adoption?.packageName ?? ''}: ${versions.map((v) => `${v.versionNumber} ${v.live}`).join(', ')}`,
        onClick: (i) => adoption && page.showInTree({ kind: 'version', packageId: adoption.packageId, versionId: versions[i].versionId }),
      }),
    table: keepWhole(
      table(
        `Live licenses per version (latest released: ${adoption?.latestVersion ?? '—'}, ${pct(adoption?.shareOnLatest)} on it)`,
        ['Version', 'Live licenses'],
        versions.map((v) => [`${v.versionNumber}${v.isBeta ? ' (beta)' : ''}${v.versionNumber === adoption?.latestVersion ? ' (latest)' : ''}`, v.live]),
        [false, true],
        adoption
          ? { label: 'Show in sidebar', run: (i) => page.showInTree({ kind: 'version', packageId: adoption.packageId, versionId: versions[i].versionId }) }
          : undefined,
      ),
      [],
    ),
  });
}

/**
 * Whether the connected LMO has the Feature Management App: probed on each connect (and by Check
 * Feature Parameters Against the LMO); the answer shows or hides the tree's feature nodes and sets
 * the `lma.fma` context key.
 */
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { executeCommand } from '../kit/commandIds';
import { type Log } from '../kit/log';
import { type FeatureTreeExtension } from './featureTree';

export class FeaturePresence {
  private probe: Promise<boolean> = Promise.resolve(false);

  constructor(
    private readonly lmo: () => LicenseManagementOrg | undefined,
    private readonly tree: FeatureTreeExtension,
    private readonly redraw: () => void,
    private readonly log: Log,
  ) {}

  /** The last probe (tests wait for it). */
  probed(): Promise<boolean> {
    return this.probe;
  }

  /** Probes the connected LMO again. */
  run(): Promise<boolean> {
    this.probe = this.runProbe();
    return this.probe;
  }

  private setPresent(present: boolean): void {
    if (this.tree.present === present) return;
    this.tree.present = present;
    void executeCommand('setContext', 'lma.fma', present);
    this.redraw();
  }

  private runProbe(): Promise<boolean> {
    const current = this.lmo();
    if (!current) {
      this.setPresent(false);
      return Promise.resolve(false);
    }
    return current.features.probe().then(
      (result) => {
        if (this.lmo() !== current) return false;
        this.setPresent(result.installed);
        if (!result.installed) this.log.info(`No Feature Management App in ${current.target.label}: ${result.error.message}`);
        return result.installed;
      },
      (err) => {
        this.log.warn(`Probing for the Feature Management App failed: ${(err as Error).message}`);
        this.setPresent(false);
        return false;
      },
    );
  }
}

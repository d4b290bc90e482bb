/**
 * The editor's connections, one per role: the License Management Org and the Dev Hub (or
 * packaging org) that owns the packages. Each remembers its own choice per workspace and
 * publishes its own context keys.
 */
import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import type { DevHubReader } from '../../data/devHub/devHubReader';
import type { LicenseManagementOrg } from '../../data/lmo/licenseManagementOrg';
import { type OrgChoice, openOrg, salesforceStack } from '../../data/org/connect';
import type { OrgClient } from '../../data/org/orgClient';
import { type Log } from '../kit/log';
import { type Settings } from '../kit/settings';
import { type DemoHost } from './demoHost';
import { OrgConnection, type RoleSpec } from './orgConnection';

export type Role = 'lmo' | 'devHub';

/** The LMO connection; `lmo` is the org when it is connected and has the LMA. */
export class LmoConnection extends OrgConnection<LicenseManagementOrg> {
  get lmo(): LicenseManagementOrg | undefined {
    return this.ready;
  }
}

export class DevHubConnection extends OrgConnection<DevHubReader> {
  get devHub(): DevHubReader | undefined {
    return this.ready;
  }
}

export class Connections implements vscode.Disposable {
  readonly lmo: LmoConnection;
  readonly devHub: DevHubConnection;

  constructor(memento: vscode.Memento, demoHost: DemoHost, clock: Clock, settings: Settings, log: Log) {
    const open = (choice: OrgChoice): Promise<OrgClient> =>
      openOrg(choice, { demo: () => demoHost.start(), timeoutMs: settings.number('requestTimeoutSeconds') * 1000 });
    const lmoSpec: RoleSpec<LicenseManagementOrg> = {
      title: vscode.l10n.t('License Management Org'),
      demoName: vscode.l10n.t('the demo LMO'),
      mementoKey: 'lma.connection',
      contextPrefix: 'lma',
      problemKey: 'lma.lmaMissing',
      open,
      async wrap(client, signal) {
        const lmo = new (await salesforceStack()).LicenseManagementOrg(client, clock);
        const probe = await lmo.probeLma({ signal });
        return { reader: lmo, problem: probe.installed ? undefined : probe.error };
      },
    };
    const devHubSpec: RoleSpec<DevHubReader> = {
      title: vscode.l10n.t('Dev Hub'),
      demoName: vscode.l10n.t('the demo Dev Hub'),
      mementoKey: 'lma.devHub.connection',
      contextPrefix: 'lma.devHub',
      open,
      async wrap(client, signal) {
        const devHub = new (await salesforceStack()).DevHubReader(client);
        const probe = await devHub.probe({ signal });
        return { reader: devHub, problem: probe.ok ? undefined : probe.error };
      },
    };
    this.lmo = new LmoConnection(lmoSpec, memento, log);
    this.devHub = new DevHubConnection(devHubSpec, memento, log);
  }

  of(role: Role): OrgConnection<unknown> {
    return role === 'lmo' ? this.lmo : this.devHub;
  }

  dispose(): void {
    this.lmo.dispose();
    this.devHub.dispose();
  }
}

/**
 * LMA Workbench's settings, read and checked in one place. A value outside its range never
 * reaches a timer, a query or the demo: the default is used and the user is told which setting
 * was wrong, once per bad value.
 */
import * as vscode from 'vscode';
import { type Log } from './log';

/** The longest delay Node's timers accept; anything longer fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

interface NumberSetting {
  readonly key: string;
  readonly fallback: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export const SETTINGS = {
  licensePageSize: { key: 'licensePageSize', fallback: 200, min: 1, max: 2000, integer: true },
  demoLicenses: { key: 'demo.licenses', fallback: 5000, min: 100, max: 1_000_000, integer: true },
  demoSeed: { key: 'demo.seed', fallback: 42, min: 0, max: 2 ** 31 - 1, integer: true },
  versionCheckHours: { key: 'lmaVersionCheck.intervalHours', fallback: 24, min: 0, max: 168, integer: false },
  oldVersionShare: { key: 'oldVersionShare', fallback: 0.1, min: 0, max: 1, integer: false },
  requestTimeoutSeconds: { key: 'requestTimeoutSeconds', fallback: 120, min: 5, max: 600, integer: false },
  changesDays: { key: 'changes.days', fallback: 7, min: 1, max: 30, integer: true },
  changesRefreshSeconds: { key: 'changes.refreshSeconds', fallback: 120, min: 0, max: 86_400, integer: true },
  typedConfirmationOver: { key: 'licenseChanges.typedConfirmationOver', fallback: 25, min: 1, max: 100_000, integer: true },
  demoChangesPerMinute: { key: 'demo.changesPerMinute', fallback: 0, min: 0, max: 600, integer: true },
  usageShelfwarePercent: { key: 'usage.shelfwarePercent', fallback: 20, min: 0, max: 100, integer: true },
  usageDormantMonths: { key: 'usage.dormantMonths', fallback: 3, min: 1, max: 24, integer: true },
} as const satisfies Record<string, NumberSetting>;

export type NumberSettingName = keyof typeof SETTINGS;

/** Whether a value is acceptable for a setting: a finite number in range (and whole where it must be). */
export function isValidSetting(setting: NumberSetting, value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= setting.min && value <= setting.max && (!setting.integer || Number.isInteger(value));
}

export function describeRange(setting: NumberSetting): string {
  const min = setting.min.toLocaleString('en-US');
  const max = setting.max.toLocaleString('en-US');
  return setting.integer ? vscode.l10n.t('a whole number from {0} to {1}', min, max) : vscode.l10n.t('a number from {0} to {1}', min, max);
}

export class Settings {
  private readonly reported = new Set<string>();

  constructor(private readonly log: Log) {}

  number(name: NumberSettingName): number {
    const setting = SETTINGS[name];
    const value = vscode.workspace.getConfiguration('lmaWorkbench').get<unknown>(setting.key, setting.fallback);
    if (isValidSetting(setting, value)) return value;
    const id = `${setting.key}=${JSON.stringify(value)}`;
    if (!this.reported.has(id)) {
      this.reported.add(id);
      const message = vscode.l10n.t(
        'The setting lmaWorkbench.{0} is {1}; it must be {2}. Using {3}.',
        setting.key,
        JSON.stringify(value),
        describeRange(setting),
        setting.fallback.toLocaleString('en-US'),
      );
      this.log.warn(message);
      void vscode.window
        .showWarningMessage(message, vscode.l10n.t('Open Settings'))
        .then((a) => a && vscode.commands.executeCommand('workbench.action.openSettings', `lmaWorkbench.${setting.key}`));
    }
    return setting.fallback;
  }

  text(key: string, fallback = ''): string {
    const value = vscode.workspace.getConfiguration('lmaWorkbench').get<unknown>(key, fallback);
    return typeof value === 'string' ? value : fallback;
  }

  flag(key: string, fallback = false): boolean {
    const value = vscode.workspace.getConfiguration('lmaWorkbench').get<unknown>(key, fallback);
    return typeof value === 'boolean' ? value : fallback;
  }
}

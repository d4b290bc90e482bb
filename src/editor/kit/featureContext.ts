/**
 * What every feature gets when it is activated: the shared services, the connections, the
 * views, a refresh event, and `subscribe`/`command` to register what it owns. extension.ts builds
 * one and hands it to each feature in turn.
 */
import * as vscode from 'vscode';
import { type Clock } from '../../core/clock';
import { type CommandHandler, registerCommand } from './registerCommand';
import { type CommandId } from './commandIds';
import { type Connections } from '../connections/connections';
import { type DemoHost } from '../connections/demoHost';
import { type ProjectOrgs } from '../connections/projectOrgs';
import { type Log } from './log';
import { type Settings } from './settings';
import { type FilterState } from './filterState';
import { LicenseNotes } from './licenseNotes';
import type { Views } from './views';

export class FeatureContext {
  private readonly refreshed = new vscode.EventEmitter<void>();
  /** LMA: Refresh — every feature reloads what it shows. */
  readonly onDidRequestRefresh = this.refreshed.event;
  private viewsValue: Views | undefined;
  /** Notes other capabilities put on license rows in every tree (seat usage's badge). */
  readonly licenseNotes = new LicenseNotes();

  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly log: Log,
    readonly clock: Clock,
    readonly settings: Settings,
    readonly demoHost: DemoHost,
    readonly connections: Connections,
    readonly projectOrgs: ProjectOrgs,
    readonly filter: FilterState,
  ) {
    this.subscribe(this.refreshed, this.licenseNotes);
  }

  /** The sidebar's trees and views, once the sidebar feature created them. */
  get views(): Views {
    if (!this.viewsValue) throw new Error('The sidebar is not created yet: activate it before features that use it.');
    return this.viewsValue;
  }

  set views(views: Views) {
    this.viewsValue = views;
  }

  private readonly pending = new Set<Promise<unknown>>();

  /** Work a feature starts by itself (after a connect, say): tracked so `settled` can wait for it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const done = () => this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once no tracked work is running (tests wait for it before counting their own calls). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  requestRefresh(): void {
    this.refreshed.fire();
  }

  subscribe(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  command(id: CommandId, handler: CommandHandler): void {
    this.subscribe(registerCommand(id, handler, this.log));
  }
}

/** A feature: a room of the extension that registers what it owns and returns what tests may drive. */
export type Feature<T = void> = (ctx: FeatureContext) => T;

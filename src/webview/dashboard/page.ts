/** What every part of the dashboard page is given: the scope on screen, the requests to the extension host, and the page's actions. */
import type { DashboardOptions, DashboardRequests, DashboardView, TreeTarget } from '../protocol/dashboard';
import type { Rpc } from '../shared/rpc';

/** The dashboard's numbers, loaded. */
export type Ready = Extract<DashboardView, { state: 'ready' }>;

export interface DashboardPage {
  readonly rpc: Rpc<DashboardRequests>;
  /** The scope the controls show (and the next load asks for). */
  options(): DashboardOptions;
  /** Changes the scope, remembers it, and loads. */
  setOptions(next: Partial<DashboardOptions>): void;
  /** Loads the numbers again. */
  load(): void;
  /** Shows licenses behind a chart segment in the LMA sidebar. */
  showInTree(target: TreeTarget): void;
}

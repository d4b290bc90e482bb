/**
 * Waiting for a link: after the user registered a package in the Partner Console, the LMO is polled
 * (one API call per poll, with back-off) until the package's record arrives. Each wait is kept in
 * the workspace, so a window reload resumes it; one wait per package at a time.
 */
import * as vscode from 'vscode';
import { type LinkTarget } from '../../core/linking/linkPoll';
import { salesforceStack } from '../../data/org/connect';
import { toLmoError } from '../../data/org/errors';
import { type LmoConnection } from '../connections/connections';
import { type Prompts } from '../kit/prompts';

/** A wait for a link, kept in the workspace so a window reload resumes it. */
export interface PendingLink {
  readonly target: LinkTarget;
  readonly name: string;
  readonly lmoLabel: string;
  readonly startedAt: number;
}

export type LinkWaitRequest = Omit<PendingLink, 'startedAt'> & { startedAt?: number };

const WAITS_KEY = 'lma.linkWaits';
const keyOf = (link: { target: LinkTarget }) => link.target.subscriberPackageId.slice(0, 15);

export class LinkWaits {
  private readonly running = new Set<string>();

  constructor(
    private readonly lmo: LmoConnection,
    private readonly memento: vscode.Memento,
    private readonly prompts: Prompts,
    /** Called when a wait ends with an answer (the Packages view reloads). */
    private readonly onEnded: () => void,
  ) {}

  pending(): PendingLink[] {
    return this.memento.get<PendingLink[]>(WAITS_KEY) ?? [];
  }

  private save(waits: PendingLink[]): Thenable<void> {
    return this.memento.update(WAITS_KEY, waits);
  }

  private forget(key: string): Thenable<void> {
    return this.save(this.pending().filter((p) => keyOf(p) !== key));
  }

  /** Resumes the waits started against the LMO now connected. */
  resume(): void {
    const label = this.lmo.client?.target.label;
    for (const wait of this.pending()) if (wait.lmoLabel === label) void this.waitFor(wait);
  }

  /** Waits (with cancellable progress) until the package's record arrives in the LMO; resolves with the final state. */
  async waitFor(wait: LinkWaitRequest): Promise<string> {
    const client = this.lmo.client;
    if (!client) return 'notConnected';
    const entry: PendingLink = { ...wait, startedAt: wait.startedAt ?? Date.now() };
    const key = keyOf(entry);
    if (this.running.has(key)) return 'alreadyWaiting';
    this.running.add(key);
    await this.save([...this.pending().filter((p) => keyOf(p) !== key), entry]);
    const stack = await salesforceStack();
    try {
      const outcome = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: vscode.l10n.t('Waiting for {0} to be linked to {1}', entry.name, entry.lmoLabel),
          cancellable: true,
        },
        (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          return stack.waitForLink(client, entry.target, {
            startedAt: entry.startedAt,
            signal: controller.signal,
            onProgress: (p) =>
              progress.report({
                message:
                  p.nextInMs === undefined
                    ? vscode.l10n.t('checked {0} times', p.attempt)
                    : vscode.l10n.t(
                        'checked {0} times; next check in {1} s (the Package record can take 30 minutes or more)',
                        p.attempt,
                        Math.round(p.nextInMs / 1000),
                      ),
              }),
          });
        },
      );
      await this.forget(key);
      if (outcome.kind === 'cancelled') return 'cancelled';
      this.onEnded();
      if (outcome.kind === 'timedOut') {
        void this.prompts.warn(
          vscode.l10n.t('{0} is still not linked to {1}. Check the Partner Console, then link it again to resume watching.', entry.name, entry.lmoLabel),
        );
        return 'timedOut';
      }
      const poll = outcome.value;
      if (poll.state === 'linkedElsewhere')
        void this.prompts.error(vscode.l10n.t('{0} was registered from another org than the one that owns it. Check the Partner Console.', entry.name));
      else
        void this.prompts.info(
          poll.missingVersionIds.length
            ? vscode.l10n.t(
                '{0} is linked to {1}. {2} released versions have no record yet: they appear after their first install.',
                entry.name,
                entry.lmoLabel,
                poll.missingVersionIds.length,
              )
            : vscode.l10n.t('{0} is linked to {1}, with its versions.', entry.name, entry.lmoLabel),
        );
      return poll.state;
    } catch (err) {
      void this.prompts.error(vscode.l10n.t('Stopped waiting for {0}: {1}', entry.name, toLmoError(err, client.target).message));
      return 'failed';
    } finally {
      this.running.delete(key);
    }
  }
}

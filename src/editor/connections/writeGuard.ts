/**
 * Writes are planned against one org and must land in that org. A guard captures the
 * connection as it was when the plan was made; `check()` before each batch throws if the user
 * switched orgs (or reconnected) in between.
 */
import * as vscode from 'vscode';
import { LmoError } from '../../data/org/errors';
import { type OrgConnection } from './orgConnection';

export interface WriteGuard {
  /** The org the plan was made for. */
  readonly orgLabel: string;
  readonly username: string;
  check(): void;
}

export function captureWriteGuard<T>(connection: OrgConnection<T>): WriteGuard {
  const generation = connection.generation;
  const client = connection.client;
  if (!client) throw new LmoError('notConnected', vscode.l10n.t('Connect to the {0} first.', connection.spec.title), 'not connected');
  const { label, username } = client.target;
  return {
    orgLabel: label,
    username,
    check() {
      const now = connection.client?.target;
      if (connection.generation !== generation || !now || now.username !== username) {
        throw new LmoError(
          'targetChanged',
          vscode.l10n.t(
            'The {0} changed since this change was planned (it was {1}). Nothing more was written; plan the change again.',
            connection.spec.title,
            label,
          ),
          `generation ${generation} → ${connection.generation}`,
        );
      }
    },
  };
}

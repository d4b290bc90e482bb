import type * as vscode from 'vscode';
import type { InstallBaseNode, InstallBaseTree } from '../installBase/installBaseTree';
import type { SubscriberNode, SubscribersTree } from '../subscribers/subscribersTree';

/** The sidebar's two trees and their views. */
export interface Views {
  readonly installBase: InstallBaseTree;
  readonly installBaseView: vscode.TreeView<InstallBaseNode>;
  readonly subscribers: SubscribersTree;
  readonly subscribersView: vscode.TreeView<SubscriberNode>;
}

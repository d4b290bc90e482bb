import * as vscode from 'vscode';
export const probe = vscode;

/** How a scope of the install base is named, the same in the editor, the exports and the command line. */
export function scopeLabel(packageName: string | undefined, includeSandboxes: boolean): string {
  return `${packageName ?? 'all packages'}, sandboxes ${includeSandboxes ? 'included' : 'excluded'}`;
}

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/**
 * The HTML shell of a webview: strict CSP (default-src 'none', scripts by nonce, styles and
 * fonts only from the extension), every asset through asWebviewUri. Data never goes into this
 * HTML: the page asks for it over postMessage and renders it as text.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, options: { title: string; script: string; styles: string[] }): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (path: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const links = options.styles
    .map((s, i) => `<link rel="stylesheet" href="${asset(s)}"${i === 0 && s.includes('codicon') ? ' id="vscode-codicon-stylesheet"' : ''}>`)
    .join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${csp}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${links}
    <title>${options.title.replace(/[<>&"]/g, '')}</title>
  </head>
  <body>
    <main id="app" aria-busy="true" aria-live="polite"></main>
    <script nonce="${nonce}" src="${asset(options.script)}"></script>
  </body>
</html>`;
}

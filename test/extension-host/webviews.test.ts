/** Every webview panel the extension opens, as VS Code gets it: a strict Content Security Policy and only the extension's own bundle. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/editor/testApi';
import type { PanelRegistration } from '../../src/editor/kit/panelHost';
import type { RequestMap } from '../../src/webview/protocol/envelope';
import { api } from './support';

describe('webview panels', () => {
  let lma: TestApi;
  before(async () => {
    lma = await api();
  });
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  const panels = (): [string, string, PanelRegistration<RequestMap>][] => [
    ['Install-Base Dashboard', 'dashboard', lma.dashboard.panel as unknown as PanelRegistration<RequestMap>],
    ['Setup Checklist', 'checklist', lma.checklist.panel as unknown as PanelRegistration<RequestMap>],
    ['License Change', 'licenseChanges', lma.licenseChanges.panel as unknown as PanelRegistration<RequestMap>],
  ];

  it('serves every panel with a strict Content Security Policy, one script by nonce from its own bundle, and no inline code', () => {
    const seen: string[] = [];
    for (const [name, bundle, registration] of panels()) {
      const host = registration.show();
      try {
        const webview = host.panel.webview;
        const html = webview.html;
        const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
        const nonce = /'nonce-([A-Za-z0-9+/=]{20,})'/.exec(csp)?.[1] ?? '';
        assert.ok(nonce, `${name}: a nonce`);
        assert.deepEqual(
          csp.split('; '),
          [
            "default-src 'none'",
            `img-src ${webview.cspSource} data:`,
            `style-src ${webview.cspSource}`,
            `font-src ${webview.cspSource}`,
            `script-src 'nonce-${nonce}'`,
          ],
          name,
        );
        assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src/, name);
        const bundleUri = webview.asWebviewUri(vscode.Uri.joinPath(lma.ctx.extension.extensionUri, 'dist', 'webview', `${bundle}.js`)).toString();
        assert.deepEqual(
          html.match(/<script[^>]*>[^<]*<\/script>/g),
          [`<script nonce="${nonce}" src="${bundleUri}"></script>`],
          `${name}: one script, its bundle`,
        );
        assert.doesNotMatch(html, /<style|\son[a-z]+=|javascript:/i, `${name}: no inline style or handler`);
        for (const href of html.match(/href="[^"]+"/g) ?? []) assert.ok(href.includes('/dist/webview/'), `${name}: ${href} from the bundle`);
        assert.equal(webview.options.enableScripts, true);
        assert.deepEqual(
          webview.options.localResourceRoots?.map((u) => u.toString()),
          [vscode.Uri.joinPath(lma.ctx.extension.extensionUri, 'dist', 'webview').toString()],
          `${name}: reads nothing outside dist/webview`,
        );
        seen.push(nonce);
      } finally {
        host.dispose();
      }
    }
    assert.equal(new Set(seen).size, 3, 'a new nonce per page');
  });
});

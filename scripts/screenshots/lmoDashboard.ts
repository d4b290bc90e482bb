/**
 * `npm run screenshots:lmo-dashboard`: the README's picture of the executives' dashboard as the
 * demo LMO renders it (docs/images/lmo-dashboard.png). No editor: a demo LMO (the showcase, as the
 * other pictures), the generated dashboard deployed to it through the Metadata API, and Debian's
 * Chromium opening the dashboard's page through the front door, as "Open the Dashboard in the LMO"
 * does. Standalone so it runs without code-server; it needs no editor lock.
 */
import { join, relative } from 'node:path';
import { generateLmoDashboard } from '../../src/core/lmoDashboard/generate';
import { DEFAULT_OPTIONS } from '../../src/core/lmoDashboard/options';
import { DemoLmo } from '../../src/demo/http/server';
import { MetadataClient, V } from '../../test/demo/metadataDeployClient';
import { metadataFiles, zipOf } from '../../test/support/metadataZip';
import { launchChromium } from '../harness/browser';
import { REPO } from '../harness/vsix';
import { writeStill } from './images';

const VIEWPORT = { width: 1280, height: 520 };
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const say = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);

async function main(): Promise<void> {
  const demo = await DemoLmo.start({ licenses: 5000, username: 'admin@acme-partner.demo', scenario: 'showcase' });
  try {
    const client = new MetadataClient(demo);
    const generated = generateLmoDashboard(DEFAULT_OPTIONS);
    const result = await client.deploy(await zipOf(metadataFiles(generated)));
    if (!result.success) throw new Error(`deploy failed: ${JSON.stringify(result.details?.componentFailures)}`);
    const found = await client.query(`SELECT Id FROM Dashboard WHERE DeveloperName = '${DEFAULT_OPTIONS.dashboardDeveloperName}'`);
    const id = String(found.body.records[0]?.Id);
    // The front door, as `sf org open` and the product use it: a one-time URL that sets the session cookie.
    const single = await fetch(`${demo.url}/services/oauth2/singleaccess?redirect_uri=${encodeURIComponent(`/lightning/r/Dashboard/${id}/view`)}`, {
      headers: { Authorization: `Bearer ${demo.accessToken}` },
    });
    const { frontdoor_uri: frontDoor } = (await single.json()) as { frontdoor_uri: string };
    say(`Dashboard ${id} deployed (API ${V}); opening it in Chromium…`);
    const browser = await launchChromium(CHROMIUM);
    try {
      const page = await (await browser.newContext({ viewport: VIEWPORT })).newPage();
      const res = await page.goto(frontDoor);
      if (res?.status() !== 200) throw new Error(`the dashboard page answered ${res?.status()}`);
      await page.locator('section.tile').first().waitFor();
      const file = await writeStill(await page.screenshot(), join(REPO, 'docs', 'images', 'lmo-dashboard.png'));
      say(`${relative(REPO, file.path)}: ${file.width}×${file.height}, ${(file.bytes / 1024).toFixed(0)} KB`);
    } finally {
      await browser.close();
    }
  } finally {
    await demo.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[screenshots] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

/**
 * `npm run screenshots`: the README's pictures, taken from the real editor. code-server with the
 * .vsix installed, Chromium, the embedded demo LMO — driven through the same page objects as the
 * UI tests (test/ui/pages), so a picture cannot show a screen the product no longer has: when a
 * screen changes, this script fails where the UI tests do.
 *
 * Writes docs/images/*.png (stills, ≤ 1,280 px wide, palette PNG), docs/images/main-flow.webp
 * (connect to the demo → checklist → dashboard → a chart click filtering the tree) and
 * media/icon.png. Run it under the machine's editor lock where editor runs share a machine:
 * `flock /tmp/ui.lock npm run screenshots`. `-- --no-build` reuses dist/lma-workbench.vsix.
 */
// A throw-away HOME for the Salesforce CLI login the session makes (first: before @salesforce/core loads).
import '../../test/support/isolatedEnvironment';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { ChecklistPage } from '../../test/ui/pages/checklist';
import { DashboardPage } from '../../test/ui/pages/dashboard';
import { EditorPage } from '../../test/ui/pages/editor';
import { LicenseChangePage } from '../../test/ui/pages/licenseChange';
import { LmaSidebar } from '../../test/ui/pages/lmaSidebar';
import { CLI_ALIAS, type UiSession, startUiSession } from '../../test/ui/session';
import { REPO, buildExtensionVsix } from '../harness/vsix';
import { type Frame, type Written, writeAnimation, writeIcon, writeStill } from './images';

export const IMAGES_DIR = join(REPO, 'docs', 'images');
const VIEWPORT = { width: 1280, height: 960 };
const say = (line: string) => process.stdout.write(`[screenshots] ${line}\n`);

class Camera {
  readonly written: Written[] = [];
  readonly frames: Frame[] = [];
  constructor(private readonly session: UiSession) {}

  private get page() {
    return this.session.page;
  }

  /** Lets animations (charts, hovers, tree loads) settle, with no stray toast or pointer hover over the content. */
  async settle(ms = 700, options: { keepPointer?: boolean } = {}): Promise<void> {
    if (!options.keepPointer) await this.page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height / 2);
    await this.page.waitForTimeout(ms);
  }

  async still(name: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    // Animations run to their end (settle waits for them): 'disabled' froze the theme change's cross-fade on its
    // first frame, so the light picture showed a dark workbench around a light page.
    const png = await this.page.screenshot({ clip });
    const file = await writeStill(png, join(IMAGES_DIR, `${name}.png`));
    this.written.push(file);
    say(`${relative(REPO, file.path)}: ${file.width}×${file.height}, ${(file.bytes / 1024).toFixed(0)} KB`);
  }

  async frame(holdMs: number, click?: { x: number; y: number }): Promise<void> {
    this.frames.push({ png: await this.page.screenshot(), holdMs, click });
  }
}

async function centre(locator: { boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null> }) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** The main flow, as frames: connect to the demo → checklist → dashboard → a chart click filters the tree. */
async function mainFlow(session: UiSession, camera: Camera): Promise<void> {
  const { page, workbench } = session;
  const sidebar = new LmaSidebar(page);
  const checklist = new ChecklistPage(page);
  const dashboard = new DashboardPage(page);
  const explore = sidebar.welcomeButton('Install Base', 'Explore the Demo LMO');
  await explore.waitFor();
  await camera.settle(400);
  await camera.frame(1800, await centre(explore));
  await explore.click();
  await sidebar.row('Install Base', 'Acme Billing').waitFor({ timeout: 90_000 });
  await sidebar.expand('Install Base', 'Acme Billing');
  await workbench.clearNotifications();
  await camera.settle(600);
  await camera.frame(1600);

  await sidebar.viewHeader('Install Base').hover();
  const checklistAction = sidebar.viewAction('Install Base', 'Open Setup Checklist');
  await checklistAction.waitFor();
  await camera.frame(900, await centre(checklistAction));
  await checklistAction.click();
  await checklist.waitForVerdicts();
  await workbench.clearNotifications();
  await camera.settle(600);
  await camera.frame(2600);

  await sidebar.viewHeader('Install Base').hover();
  const dashboardAction = sidebar.viewAction('Install Base', 'Open Install-Base Dashboard');
  await dashboardAction.waitFor();
  await camera.frame(900, await centre(dashboardAction));
  await dashboardAction.click();
  await dashboard.waitForData();
  await dashboard.card('renewals').locator('canvas').waitFor();
  await camera.settle(1200);
  await camera.frame(2200);

  await dashboard.card('renewals').scrollIntoViewIfNeeded();
  await camera.settle(600);
  const bar = await dashboard.barPoint('renewals', 0);
  await camera.frame(1200, bar);
  await dashboard.clickBar('renewals', 0);
  await sidebar
    .viewDescription('Install Base')
    .filter({ hasText: /expiring \d{4}-\d{2}-\d{2} – \d{4}-\d{2}-\d{2}/ })
    .waitFor({ timeout: 15_000 });
  await sidebar
    .row('Install Base', /Acme Billing/)
    .filter({ hasText: /· \d{1,3} licenses?$/ })
    .waitFor({ timeout: 15_000 });
  await camera.settle(800);
  await camera.frame(3500);
}

async function pictures(session: UiSession, camera: Camera): Promise<void> {
  const { page, workbench } = session;
  const sidebar = new LmaSidebar(page);
  const dashboard = new DashboardPage(page);

  // The dashboard with the tree it filtered: the README's main picture; then in the light theme.
  await dashboard.frame.locator('main').evaluate('document.scrollingElement.scrollTo(0, 0)');
  await workbench.clearNotifications();
  await camera.settle(600);
  await camera.still('dashboard-dark');
  await workbench.setTheme('Default Light Modern');
  await camera.settle(1200);
  await camera.still('dashboard-light');
  await workbench.setTheme('Default Dark Modern');
  await workbench.runCommand('LMA: Clear Filter');
  await workbench.runCommand('View: Close All Editors');

  // The sidebar: a package's versions, the subscriber orgs, the packages' link states.
  await sidebar.expand('Install Base', 'Acme Billing');
  await sidebar.row('Install Base', /^2\.3\.0/).waitFor();
  for (const view of ['Subscribers', 'Packages'] as const) await sidebar.focusView(view);
  await sidebar.rows('Subscribers').nth(4).waitFor({ timeout: 15_000 });
  await sidebar.row('Packages', 'Acme Payroll').waitFor({ timeout: 30_000 });
  await camera.settle(600);
  const part = await sidebar.part().boundingBox();
  if (!part) throw new Error('the side bar is not on screen');
  const sidebarClip = { x: 0, y: 0, width: Math.round(part.x + part.width), height: VIEWPORT.height };
  await camera.still('sidebar', sidebarClip);
  for (const view of ['Subscribers', 'Packages'] as const) await sidebar.collapseView(view);

  // Feature parameters: a package's parameters, each with its spread across live licenses.
  await sidebar.collapseView('Recent Changes');
  await sidebar.expand('Install Base', /^\s*Feature Parameters/);
  await sidebar.row('Install Base', /AdvancedReporting/).waitFor({ timeout: 30_000 });
  await camera.settle(600);
  await camera.still('feature-parameters', sidebarClip);
  await sidebar.collapse('Install Base', /^\s*Feature Parameters/);

  // A guarded license change: three active licenses selected in the tree, extended by 30 days, previewed (not applied).
  const change = new LicenseChangePage(page);
  await sidebar.expand('Install Base', /^2\.3\.0/);
  // An active license's row names no status (its icon does): seats and expiry first.
  const active = sidebar
    .viewBody('Install Base')
    .locator('.monaco-list-row', { hasText: /\d+\/\d+ seats · expires \d/ })
    .filter({ hasNotText: /Trial|Expired|Uninstalled|Suspended/ });
  await active.nth(2).waitFor();
  await active.nth(0).click();
  await active.nth(1).click({ modifiers: ['Control'] });
  await active.nth(2).click({ modifiers: ['Control'] });
  await active.nth(2).click({ button: 'right' });
  await workbench.contextMenuItem('Change Licenses (Guarded)…');
  await workbench.quickPickRow('Extend the expiration…').click();
  const days = workbench.quickInput().locator('input');
  await days.fill('30');
  await days.press('Enter');
  await change.tab().waitFor({ timeout: 30_000 });
  await change.previewRows().nth(2).waitFor({ timeout: 30_000 });
  await workbench.clearNotifications();
  // The preview's table takes the whole window (the selection it came from is in its summary).
  await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
  await camera.settle(800);
  await camera.still('license-change-preview');
  await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
  await sidebar.viewHeader('Install Base').waitFor();
  await sidebar.collapse('Install Base', /^2\.3\.0/);
  await workbench.runCommand('View: Close All Editors');

  // The setup checklist.
  const checklist = new ChecklistPage(page);
  await workbench.runCommand('LMA: Open Setup Checklist');
  await checklist.waitForVerdicts();
  await workbench.clearNotifications();
  await camera.settle(800);
  await camera.still('setup-checklist');
  await workbench.runCommand('View: Close All Editors');

  // sfdx-project.json: CodeLens, the old-version warning, a version alias's hover.
  const editor = new EditorPage(page);
  await editor.open('sfdx-project.json');
  await editor
    .codeLenses()
    .filter({ hasText: /live subscribers · \d+% on the latest version 2\.3\.0/ })
    .waitFor({ timeout: 30_000 });
  await editor.warningSquiggles().first().waitFor();
  await editor.hoverText('Acme Billing@2.2.3-1');
  await editor.hover().filter({ hasText: 'Live licenses' }).waitFor({ timeout: 15_000 });
  await camera.settle(500, { keepPointer: true });
  await camera.still('project-insights');
  await page.mouse.move(VIEWPORT.width - 2, VIEWPORT.height / 2);
  await workbench.runCommand('View: Close All Editors');

  // Recent Changes: the timeline of the LMO's license changes.
  await sidebar.collapseView('Install Base');
  await sidebar.focusView('Recent Changes');
  await sidebar.rows('Recent Changes').nth(8).waitFor({ timeout: 30_000 });
  await camera.settle(800);
  await camera.still('recent-changes', sidebarClip);

  // Push upgrades: a failed push of Acme Billing, its errors grouped by type and title.
  await sidebar.collapseView('Recent Changes');
  await sidebar.focusView('Packages');
  await sidebar.expand('Packages', /^Acme Billing/);
  await sidebar.expand('Packages', 'Push Upgrades');
  await sidebar.expand('Packages', /^v2\.3\.0 · Failed/);
  await sidebar.row('Packages', /orgs · ApexTestFailure/).waitFor({ timeout: 30_000 });
  await workbench.clearNotifications();
  await camera.settle(800);
  await camera.still('push-upgrades', sidebarClip);
}

/** Connect to an LMO… lists the Salesforce CLI's logins: the real-LMO quick start. */
async function connectPicker(session: UiSession, camera: Camera): Promise<void> {
  const { workbench } = session;
  await workbench.runCommand('LMA: Connect to an LMO…');
  await workbench.quickPickRow(CLI_ALIAS).waitFor({ timeout: 30_000 });
  await camera.settle(400);
  const box = await workbench.quickInput().boundingBox();
  if (!box) throw new Error('the quick pick is not on screen');
  await camera.still('connect', { x: Math.round(box.x - 16), y: 0, width: Math.round(box.width + 32), height: Math.round(box.y + box.height + 16) });
  await workbench.dismissQuickInput();
}

/** The sample workspace (samples/acme-packages) in a folder of its own, without its settings: it connects when asked, not on opening. */
function sampleWorkspace(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'lma-screenshots-')), 'acme-packages');
  cpSync(join(REPO, 'samples', 'acme-packages'), folder, { recursive: true, filter: (source) => !source.includes(`${sep}.vscode`) });
  return folder;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false } } });
  const icon = await writeIcon();
  say(`${relative(REPO, icon.path)}: ${icon.width}×${icon.height}, ${(icon.bytes / 1024).toFixed(1)} KB`);
  const vsix = values['no-build'] ? join(REPO, 'dist', 'lma-workbench.vsix') : buildExtensionVsix(say);
  say('Starting code-server, Chromium and a demo LMO…');
  const workspace = sampleWorkspace();
  const session = await startUiSession({
    vsix,
    workspace,
    viewport: VIEWPORT,
    // What a partner's first run shows (the README's pictures): plausible customers, nothing planted.
    demoScenario: 'showcase',
    settings: {
      'lmaWorkbench.licenseChanges.enabled': true,
      // Still data: the pictures come out the same from run to run.
      'lmaWorkbench.demo.changesPerMinute': 0,
      'workbench.editor.enablePreview': false,
      // A hover below its line, so the CodeLens above it stays in the picture.
      'editor.hover.above': false,
    },
  });
  const camera = new Camera(session);
  try {
    const sidebar = new LmaSidebar(session.page);
    await sidebar.open();
    await session.workbench.setSidebarWidth(400);
    // Room for the Install Base tree: the other views stay folded until a picture needs them.
    for (const view of ['Subscribers', 'Packages', 'Recent Changes'] as const) await sidebar.collapseView(view);
    await connectPicker(session, camera);
    await mainFlow(session, camera);
    const flow = await writeAnimation(camera.frames, join(IMAGES_DIR, 'main-flow.webp'), 960);
    say(`${relative(REPO, flow.path)}: ${flow.width}×${flow.height}, ${camera.frames.length} frames, ${(flow.bytes / 1024).toFixed(0)} KB`);
    await pictures(session, camera);
  } catch (err) {
    await session.workbench.screenshot('screenshots-failed').catch(() => undefined);
    session.server.copyLogs(join(REPO, 'test-results', 'ui', 'screenshots-failed'));
    throw err;
  } finally {
    await session.close();
    rmSync(dirname(workspace), { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`[screenshots] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

import type { Locator, Page } from 'playwright-core';

export type LmaView = 'Install Base' | 'Subscribers' | 'Packages' | 'Recent Changes' | 'Provisioning';

/** The LMA activity-bar container and its two tree views. */
export class LmaSidebar {
  constructor(private readonly page: Page) {}

  activityBarItem(): Locator {
    return this.page.locator('.part.activitybar .action-item a[aria-label^="LMA"]');
  }

  async open(): Promise<void> {
    const item = this.activityBarItem();
    await item.waitFor({ timeout: 30_000 });
    const header = this.viewHeader('Install Base');
    const shown = (timeout: number) =>
      header.waitFor({ timeout }).then(
        () => true,
        () => false,
      );
    // The container can be the active one while the side bar itself is closed (after a window
    // reload, sometimes): then a click shows it. A click on a side bar that shows it hides it, so
    // if a click made it vanish, the next one brings it back.
    if ((await item.getAttribute('aria-checked')) === 'true' && (await shown(5_000))) return;
    // Once the LMA warns, its badge covers the icon; the click lands on the badge, which is inside the item.
    await item.click({ force: true });
    if (!(await shown(5_000))) await item.click({ force: true });
    await header.waitFor();
  }

  private pane(view: LmaView): Locator {
    return this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^${view}$`) }) });
  }

  viewHeader(view: LmaView): Locator {
    return this.pane(view).locator('.pane-header');
  }

  /** The body of a view (its tree or welcome content). */
  viewBody(view: LmaView): Locator {
    return this.pane(view).locator('.pane-body');
  }

  welcome(view: LmaView): Locator {
    return this.viewBody(view).locator('.welcome-view-content');
  }

  welcomeButton(view: LmaView, title: string): Locator {
    return this.welcome(view).locator('a.monaco-button, .monaco-button', { hasText: title });
  }

  row(view: LmaView, label: string | RegExp): Locator {
    return this.viewBody(view).locator('.monaco-list-row', { hasText: label });
  }

  rows(view: LmaView): Locator {
    return this.viewBody(view).locator('.monaco-list-row');
  }

  /** Expands a collapsed row (clicking its twistie) and waits for a child to show. */
  async expand(view: LmaView, label: string | RegExp): Promise<void> {
    const row = this.row(view, label).first();
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 15_000 });
  }

  /** Collapses an expanded row (clicking it) and waits until it is folded. */
  async collapse(view: LmaView, label: string | RegExp): Promise<void> {
    const row = this.row(view, label).first();
    await row.waitFor();
    if ((await row.getAttribute('aria-expanded')) === 'true') await row.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'false', await row.elementHandle(), { timeout: 15_000 });
  }

  async hoverRow(view: LmaView, label: string | RegExp): Promise<void> {
    const row = this.row(view, label).first();
    await row.locator('.label-name, .monaco-icon-label').first().hover();
  }

  viewMessage(view: LmaView): Locator {
    return this.viewBody(view).locator('.message');
  }

  /** The description next to the view title (e.g. the active filter). */
  viewDescription(view: LmaView): Locator {
    return this.viewHeader(view).locator('.description');
  }

  /** A view title button, by its label (the command's title, as its tooltip and aria-label say). */
  viewAction(view: LmaView, title: string): Locator {
    return this.viewHeader(view).locator(`.action-label[aria-label="${title.replace(/"/g, '\\"')}"]`);
  }

  /** Clicks a view title button the way a user does: they show while the pointer is over the header. */
  async clickViewAction(view: LmaView, title: string): Promise<void> {
    await this.viewHeader(view).hover();
    await this.viewAction(view, title).click();
  }

  async focusView(view: LmaView): Promise<void> {
    const header = this.viewHeader(view);
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await header.elementHandle(), { timeout: 15_000 });
  }

  /** Collapses a view to its header (clicking the header, as a user does). */
  async collapseView(view: LmaView): Promise<void> {
    const header = this.viewHeader(view);
    if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
    await this.page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'false', await header.elementHandle(), { timeout: 15_000 });
  }

  /** The side bar itself (every LMA view), e.g. to frame a picture of it. */
  part(): Locator {
    return this.page.locator('.part.sidebar');
  }
}

import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS_DIR } from './artifacts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type Theme = 'Default Dark Modern' | 'Default Light Modern' | 'Default High Contrast' | 'Default High Contrast Light';

/** The VS Code workbench as a user sees it: palette, notifications, status bar, themes. */
export class Workbench {
  constructor(readonly page: Page) {}

  /** Runs a command from the palette by its title, e.g. "LMA: Refresh". */
  async runCommand(title: string): Promise<void> {
    await this.dismissQuickInput();
    await this.page.keyboard.press('F1');
    const input = this.quickInput().locator('input');
    await input.waitFor();
    await input.fill(`>${title}`);
    // The row whose label is exactly the title (fuzzy matching lists similar commands first).
    const row = this.quickPickRowByLabel(title);
    await row.waitFor({ timeout: 15_000 });
    await row.click();
  }

  /** The quick pick row whose label is exactly `label`. */
  quickPickRowByLabel(label: string): Locator {
    const name = this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) });
    return this.quickInput().locator('.monaco-list-row').filter({ has: name }).first();
  }

  quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Answers code-server's save dialog (a path in the quick input) with `path`. Typing a path makes
   * the dialog list that folder; an Enter pressed while it is still doing so is dropped, so the OK
   * button is pressed once more if the dialog stays open. Resolves when the dialog is closed.
   */
  async answerSaveDialog(path: string): Promise<void> {
    const input = this.quickInput().locator('input');
    await input.waitFor({ timeout: 15_000 });
    await input.fill(path);
    await input.press('Enter');
    for (let attempt = 0; attempt < 5 && (await this.quickInput().isVisible()); attempt++) {
      await this.page.waitForTimeout(500);
      if (await this.quickInput().isVisible())
        await this.quickInput()
          .locator('.monaco-button', { hasText: /^OK$/ })
          .first()
          .click({ timeout: 2_000 })
          .catch(() => undefined);
    }
    await this.quickInput().waitFor({ state: 'hidden', timeout: 5_000 });
  }

  quickPickRow(text: string | RegExp): Locator {
    return this.quickInput().locator('.monaco-list-row', { hasText: text });
  }

  async dismissQuickInput(): Promise<void> {
    if (await this.quickInput().isVisible()) await this.page.keyboard.press('Escape');
  }

  notification(text: string | RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  }

  /** Clears every notification toast (and the notification centre) from the palette, as a user does. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached', timeout: 5_000 });
  }

  statusBarItem(text: string | RegExp): Locator {
    return this.page.locator('.statusbar-item', { hasText: text });
  }

  /** The hover widget (tree tooltips, editor hovers). */
  hover(): Locator {
    return this.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
  }

  /** Picks a color theme the way a user does: Preferences: Color Theme. */
  async setTheme(theme: Theme): Promise<void> {
    await this.runCommand('Preferences: Color Theme');
    const input = this.quickInput().locator('input');
    // The picker labels built-in themes differently from their setting ids.
    const label = {
      'Default Dark Modern': 'Dark Modern',
      'Default Light Modern': 'Light Modern',
      'Default High Contrast': 'Dark High Contrast',
      'Default High Contrast Light': 'Light High Contrast',
    }[theme];
    await input.fill(label);
    const row = this.quickPickRowByLabel(label);
    await row.waitFor();
    await row.click();
    const themeClass = {
      'Default Dark Modern': 'vs-dark',
      'Default Light Modern': 'vs',
      'Default High Contrast': 'hc-black',
      'Default High Contrast Light': 'hc-light',
    }[theme];
    await this.page.locator(`.monaco-workbench.${themeClass}`).waitFor({ timeout: 15_000 });
    await this.page.waitForTimeout(300);
  }

  /** Drags the sash between the side bar and the editor so the side bar is `width` pixels wide. */
  async setSidebarWidth(width: number): Promise<void> {
    const sidebar = await this.page.locator('.part.sidebar').boundingBox();
    if (!sidebar) throw new Error('The side bar is not shown: open a view in it first.');
    const x = sidebar.x + sidebar.width;
    const y = sidebar.y + sidebar.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(sidebar.x + width, y, { steps: 5 });
    await this.page.mouse.up();
  }

  /**
   * Runs an item of the context menu open on screen. VS Code's menus ignore a pointer release that
   * follows too closely on their opening, so the pointer rests on the item first, as a hand would.
   */
  async contextMenuItem(label: string): Promise<void> {
    const item = this.page.locator('.context-view a.action-menu-item', { hasText: label });
    await item.waitFor();
    await item.hover();
    await this.page.waitForTimeout(350);
    await item.click();
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 5_000 });
  }

  async screenshot(name: string): Promise<string> {
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

import type { Locator, Page } from 'playwright-core';

/** The text editor: opening files, squiggles, hovers, CodeLens. */
export class EditorPage {
  constructor(private readonly page: Page) {}

  /** Opens a workspace file with Quick Open (Ctrl+P), as a user does. */
  async open(fileName: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(fileName);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: fileName }).first().waitFor();
    await input.press('Enter');
    await this.page.locator(`.tab.active[aria-label*="${fileName}"]`).waitFor();
    await this.page.locator('.editor-instance .view-lines').first().waitFor();
  }

  warningSquiggles(): Locator {
    return this.page.locator('.editor-instance .squiggly-warning');
  }

  infoSquiggles(): Locator {
    return this.page.locator('.editor-instance .squiggly-info');
  }

  codeLenses(): Locator {
    return this.page.locator('.editor-instance .codelens-decoration');
  }

  /** A rendered text fragment in the editor. */
  text(fragment: string): Locator {
    return this.page.locator('.editor-instance .view-line span', { hasText: fragment }).first();
  }

  async hoverText(fragment: string): Promise<void> {
    await this.text(fragment).hover();
  }

  hover(): Locator {
    return this.page.locator('.monaco-editor .monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).last();
  }
}

import type { Locator, Page } from 'playwright-core';

/** The Problems panel. */
export class ProblemsPanel {
  constructor(private readonly page: Page) {}

  row(text: string | RegExp): Locator {
    return this.page.locator('.markers-panel .monaco-list-row', { hasText: text });
  }

  rows(): Locator {
    return this.page.locator('.markers-panel .monaco-list-row');
  }
}

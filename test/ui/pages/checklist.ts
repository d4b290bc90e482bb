import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The LMA Setup Checklist webview, inside VS Code's two webview iframes. */
export class ChecklistPage {
  readonly frame: FrameLocator;

  constructor(private readonly page: Page) {
    this.frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  tab(): Locator {
    return this.page.locator('.tab', { hasText: 'LMA Setup Checklist' });
  }

  /** Waits for a finished check (the six steps on screen, nothing loading). */
  async waitForVerdicts(): Promise<void> {
    await this.frame.locator('.step').nth(5).waitFor({ timeout: 60_000 });
    await this.frame.locator('main[aria-busy="false"]').waitFor({ timeout: 60_000 });
  }

  step(id: string): Locator {
    return this.frame.locator(`#step-${id}`);
  }

  async verdictOf(id: string): Promise<string | null> {
    return this.step(id).getAttribute('data-verdict');
  }

  gotcha(id: string): Locator {
    return this.frame.locator(`#gotcha-${id}`);
  }

  button(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }

  overview(): Locator {
    return this.frame.locator('#overview');
  }
}

import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The License Change webview (preview, progress, results), inside VS Code's two webview iframes. */
export class LicenseChangePage {
  readonly frame: FrameLocator;

  constructor(private readonly page: Page) {
    this.frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  tab(): Locator {
    return this.page.locator('.tab', { hasText: 'License Change' });
  }

  previewRows(): Locator {
    return this.frame.locator('#preview tbody tr');
  }

  resultRows(): Locator {
    return this.frame.locator('#results tbody tr');
  }

  button(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }

  summary(): Locator {
    return this.frame.locator('#summary');
  }
}

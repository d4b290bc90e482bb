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

  /** A preview row's Leave Out / Put Back control, found as a screen reader names it ("Leave out L-00042"). */
  excludeControl(action: 'Leave out' | 'Put back', licenseName: string | RegExp = /.+/): Locator {
    const name = typeof licenseName === 'string' ? licenseName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : licenseName.source;
    return this.frame.getByRole('button', { name: new RegExp(`^${action} ${name}$`) });
  }

  /** The message that says the plan is blocked by a rule. */
  blocked(): Locator {
    return this.frame.locator('.message.error');
  }
}

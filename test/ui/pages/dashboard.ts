import type { FrameLocator, Locator, Page } from 'playwright-core';

/** The Install-Base Dashboard webview, inside VS Code's two webview iframes. */
export class DashboardPage {
  readonly frame: FrameLocator;

  constructor(private readonly page: Page) {
    this.frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  tab(): Locator {
    return this.page.locator('.tab', { hasText: 'Install-Base Dashboard' });
  }

  async waitForData(): Promise<void> {
    await this.frame.locator('.kpi-value').first().waitFor({ timeout: 60_000 });
    await this.frame.locator('main[aria-busy="false"]').waitFor({ timeout: 60_000 });
  }

  kpi(label: string): Locator {
    return this.frame.locator('.kpi', { has: this.frame.locator('.kpi-label', { hasText: label }) }).locator('.kpi-value');
  }

  card(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }

  chart(id: string): Locator {
    return this.frame.locator(`#${id}-chart`);
  }

  /** Clicks the centre-bottom of the n-th of `bars` evenly spaced vertical bars. */
  async clickBar(id: string, index: number, bars: number): Promise<void> {
    const box = await this.chart(id).boundingBox();
    if (!box) throw new Error(`chart ${id} is not visible`);
    const yAxis = 40;
    const slot = (box.width - yAxis) / bars;
    await this.page.mouse.click(box.x + yAxis + slot * index + slot / 2, box.y + box.height - 40);
  }

  renewingNextRow(text: string): Locator {
    return this.frame.locator('#renewing-next-table tbody tr', { hasText: text });
  }

  button(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }
}

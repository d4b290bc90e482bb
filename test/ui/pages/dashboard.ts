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

  /** Where the centre-bottom of the n-th of `bars` evenly spaced vertical bars is, in page coordinates. */
  async barPoint(id: string, index: number, bars: number): Promise<{ x: number; y: number }> {
    const box = await this.chart(id).boundingBox();
    if (!box) throw new Error(`chart ${id} is not visible`);
    const yAxis = 40;
    const slot = (box.width - yAxis) / bars;
    return { x: box.x + yAxis + slot * index + slot / 2, y: box.y + box.height - 40 };
  }

  /** Clicks the centre-bottom of the n-th of `bars` evenly spaced vertical bars. */
  async clickBar(id: string, index: number, bars: number): Promise<void> {
    const { x, y } = await this.barPoint(id, index, bars);
    await this.page.mouse.click(x, y);
  }

  renewingNextRow(text: string): Locator {
    return this.frame.locator('#renewing-next-table tbody tr', { hasText: text });
  }

  button(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }
}

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

  /** Where the chart drew a segment (its `data-segments`), in page coordinates: where a hand clicks it. */
  async barPoint(id: string, index: number): Promise<{ x: number; y: number }> {
    const chart = this.chart(id);
    const box = await chart.boundingBox();
    if (!box) throw new Error(`chart ${id} is not visible`);
    const segments = JSON.parse((await chart.getAttribute('data-segments')) ?? 'null') as ([number, number] | null)[] | null;
    const point = segments?.[index];
    if (!point) throw new Error(`chart ${id} has no segment ${index} drawn (${JSON.stringify(segments)})`);
    return { x: box.x + point[0], y: box.y + point[1] };
  }

  /** Clicks a chart's segment where the chart drew it. */
  async clickBar(id: string, index: number): Promise<void> {
    const { x, y } = await this.barPoint(id, index);
    await this.page.mouse.click(x, y);
  }

  renewingNextRow(text: string): Locator {
    return this.frame.locator('#renewing-next-table tbody tr', { hasText: text });
  }

  button(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }
}

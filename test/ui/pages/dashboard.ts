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

  /** Shows every chart card's table (or, with `false`, its chart). */
  async showTables(show = true): Promise<void> {
    const toggles = this.frame.locator('figure.card figcaption button.link', { hasText: show ? 'Show table' : 'Show chart' });
    while ((await toggles.count()) > 0) await toggles.first().click();
  }

  /**
   * How the page reads at its width, measured in the webview: words drawn across two lines (that fit on one), cells
   * whose text is cut, buttons outside their card or scroll box, tables wider than their box with
   * no note saying so, and each chart's unit (its `data-unit`, the value axis's title) with the
   * line under its title.
   */
  async readability(): Promise<Readability> {
    // Evaluated in the page (a string: the test code has no DOM types).
    return (await this.frame.locator('body').evaluate(`(() => {
      const shown = (e) => e.getClientRects().length > 0;
      const where = (e) => (e.closest('.card') || {}).id || '?';
      const broken = [];
      const clipped = [];
      for (const el of [...document.querySelectorAll('.card th, .card td, .card caption, .card h2, .card p, .card button')].filter(shown)) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const re = /\\S+/g;
          let m;
          while ((m = re.exec(n.data))) {
            const r = document.createRange();
            r.setStart(n, m.index);
            r.setEnd(n, m.index + m[0].length);
            const parts = [...r.getClientRects()].filter((x) => x.width > 0);
            const lines = new Set(parts.map((x) => Math.round(x.top)));
            // Broken: drawn on two lines though it fits on one (a string wider than its cell or button must break somewhere).
            const wide = parts.reduce((s, x) => s + x.width, 0);
            const box = n.parentElement.closest('button, th, td, caption, p, h2') || el;
            if (lines.size > 1 && wide <= box.clientWidth) broken.push(where(el) + ': ' + m[0]);
          }
        }
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') clipped.push(where(el) + ': ' + el.textContent.slice(0, 60));
      }
      const outside = [];
      for (const b of [...document.querySelectorAll('.card button, .card vscode-button')].filter(shown)) {
        const box = (b.closest('.table-scroll') || b.closest('.card')).getBoundingClientRect();
        const card = b.closest('.card').getBoundingClientRect();
        const r = b.getBoundingClientRect();
        if (r.left < Math.max(box.left, card.left) - 1 || r.right > Math.min(box.right, card.right) + 1) outside.push(where(b) + ': ' + b.textContent);
      }
      const cardsCut = [...document.querySelectorAll('.card, .kpi')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.id || c.getAttribute('aria-label'));
      const silentScrollers = [...document.querySelectorAll('.table-scroll')]
        .filter((s) => shown(s) && s.scrollWidth > s.clientWidth + 1)
        .filter((s) => !s.classList.contains('scrollable') || !s.previousElementSibling || !shown(s.previousElementSibling))
        .map(where);
      const charts = [...document.querySelectorAll('figure.card canvas')].map((c) => ({
        id: c.id,
        unit: c.dataset.unit || '',
        subtitle: (c.closest('figure').querySelector('.subtitle') || { textContent: '' }).textContent,
      }));
      return { width: innerWidth, broken, clipped, outside, cardsCut, silentScrollers, charts };
    })()`)) as Readability;
  }

  button(id: string): Locator {
    return this.frame.locator(`#${id}`);
  }
}

export interface Readability {
  readonly width: number;
  readonly broken: string[];
  readonly clipped: string[];
  readonly outside: string[];
  readonly cardsCut: string[];
  readonly silentScrollers: string[];
  readonly charts: { readonly id: string; readonly unit: string; readonly subtitle: string }[];
}

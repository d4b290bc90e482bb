/** WCAG contrast ratio of two computed CSS colours: rgb()/rgba() (0–255) or color(srgb …) (0–1, what color-mix() computes to). */
export function contrast(a: string, b: string): number {
  const lum = (css: string) => {
    const scale = css.startsWith('color(srgb') ? 1 : 255;
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const c = Number(v) / scale;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

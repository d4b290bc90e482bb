/** Turns browser captures into the README's images: palette PNGs, an animated WebP, and the Marketplace icon. */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { REPO } from '../harness/vsix';

/** The Marketplace shows README images at most about 1,280 px wide; larger ones only cost bytes. */
export const MAX_WIDTH = 1280;

export interface Written {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
}

function written(path: string, width: number, height: number): Written {
  return { path, width, height, bytes: statSync(path).size };
}

/** A still: at most MAX_WIDTH wide, as a 256-colour PNG (screens of flat colours lose nothing a reader sees). */
export async function writeStill(png: Buffer, path: string): Promise<Written> {
  mkdirSync(dirname(path), { recursive: true });
  const info = await sharp(png)
    .resize({ width: MAX_WIDTH, withoutEnlargement: true })
    .png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 })
    .toFile(path);
  return written(path, info.width, info.height);
}

export interface Frame {
  readonly png: Buffer;
  /** How long the frame stays on screen. */
  readonly holdMs: number;
  /** Where the next click lands, drawn as a ring (a headless browser draws no pointer). */
  readonly click?: { readonly x: number; readonly y: number };
}

/** A 64 × 64 ring marking a click. */
const RING = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><circle cx="32" cy="32" r="22" fill="#FFB75D" fill-opacity="0.35" stroke="#FFB75D" stroke-width="5"/><circle cx="32" cy="32" r="4" fill="#FFB75D"/></svg>',
);

/** The frames as one looping animated WebP, `width` pixels wide, each frame held as long as it asks. */
export async function writeAnimation(frames: readonly Frame[], path: string, width: number): Promise<Written> {
  mkdirSync(dirname(path), { recursive: true });
  const scaled = await Promise.all(
    frames.map(async (frame) => {
      const { width: w = 64, height: h = 64 } = await sharp(frame.png).metadata();
      const at = (v: number, max: number) => Math.min(Math.max(0, Math.round(v - 32)), max - 64);
      const marked = frame.click
        ? await sharp(frame.png)
            .composite([{ input: RING, left: at(frame.click.x, w), top: at(frame.click.y, h) }])
            .png()
            .toBuffer()
        : frame.png;
      return sharp(marked).resize({ width }).png().toBuffer();
    }),
  );
  const info = await sharp(scaled, { join: { animated: true } })
    .webp({ quality: 72, effort: 6, loop: 0, delay: frames.map((f) => f.holdMs), smartSubsample: true })
    .toFile(path);
  return written(path, info.width, info.pageHeight ?? info.height);
}

/** media/icon.png, 128 × 128, from its SVG source (drawn after media/lma.svg, the activity-bar icon). */
export async function writeIcon(): Promise<Written> {
  const path = join(REPO, 'media', 'icon.png');
  const svg = readFileSync(join(REPO, 'scripts', 'screenshots', 'icon.svg'));
  const info = await sharp(svg, { density: 288 }).resize(128, 128).png({ palette: true, quality: 95, effort: 10, compressionLevel: 9 }).toFile(path);
  return written(path, info.width, info.height);
}

/**
 * Pixel checks where the picture is the point: an image (a screenshot, an exported PNG) decoded in
 * the page by the browser's own decoder, and summed up there, so only numbers come back.
 */
import type { Locator, Page } from '@playwright/test';

export type Rgb = [number, number, number];

export interface PixelStats {
  width: number;
  height: number;
  /** The mean colour of the opaque pixels. */
  mean: Rgb;
  /** Pixels with any opacity. */
  opaque: number;
  /** Per colour asked for: the pixels within `tolerance` of it on every channel. */
  near: number[];
}

/** Decodes `png` in the page and sums it up. */
export function imageStats(page: Page, png: Buffer, near: Rgb[] = [], tolerance = 24): Promise<PixelStats> {
  return page.evaluate(
    async ({ base64, near, tolerance }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const sum = [0, 0, 0];
      const counts = near.map(() => 0);
      let opaque = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        opaque++;
        for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
        near.forEach((colour, k) => {
          if (colour.every((v, c) => Math.abs(v - data[i + c]!) <= tolerance)) counts[k]!++;
        });
      }
      return {
        width: bitmap.width,
        height: bitmap.height,
        mean: sum.map((v) => Math.round(v / Math.max(1, opaque))) as [number, number, number],
        opaque,
        near: counts,
      };
    },
    { base64: png.toString('base64'), near, tolerance },
  );
}

/** A screenshot of `locator` (or of a strip of it), summed up. */
export async function shotStats(
  locator: Locator,
  near: Rgb[] = [],
  strip?: { top: number; height: number; inset: number },
): Promise<PixelStats> {
  const box = (await locator.boundingBox())!;
  const clip = strip
    ? {
        x: box.x + strip.inset,
        y: box.y + strip.top,
        width: box.width - 2 * strip.inset,
        height: strip.height,
      }
    : box;
  const png = await locator.page().screenshot({ clip });
  return imageStats(locator.page(), png, near);
}

/** 0 (black) to 255 (white). */
export function lightness([r, g, b]: Rgb): number {
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The inked pixels of a canvas (any opacity), and per colour asked for, those within `tolerance` of it. */
export function canvasStats(
  canvas: Locator,
  near: Rgb[] = [],
  tolerance = 24,
): Promise<{ inked: number; near: number[] }> {
  return canvas.evaluate(
    (element, { near, tolerance }) => {
      const c = element as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const counts = near.map(() => 0);
      let inked = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3]! === 0) continue;
        inked++;
        near.forEach((colour, k) => {
          if (colour.every((v, ch) => Math.abs(v - data[i + ch]!) <= tolerance)) counts[k]!++;
        });
      }
      return { inked, near: counts };
    },
    { near, tolerance },
  );
}

import { encodePng } from '../../lambdas/consolidation/segmentation/png.ts';

/** A filled rectangle to paint on a sample image. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
  rgb: [number, number, number];
}

/**
 * A small RGB PNG: a soft background gradient with filled rectangles, so that sample tasks
 * have real images to draw on in the preview. Deterministic bytes for the same input.
 */
export function samplePng(width: number, height: number, rects: Rect[], background: [number, number, number] = [222, 230, 238]): Buffer {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const shade = Math.round((y / height) * 24);
    for (let x = 0; x < width; x++) {
      let [r, g, b] = [background[0] - shade, background[1] - shade, background[2] - shade];
      for (const rect of rects) {
        if (x >= rect.left && x < rect.left + rect.width && y >= rect.top && y < rect.top + rect.height) [r, g, b] = rect.rgb;
      }
      data.set([r, g, b, 255], (y * width + x) * 4);
    }
  }
  const png = encodePng({ width, height, data }, { colour: 'rgb', level: 9 });
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

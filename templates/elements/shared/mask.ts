import type { Point } from './geometry.ts';

/** A rectangle of pixels that changed, to redraw only that part. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * What a segmentation brush paints: one byte per image pixel, 0 for unpainted and 1–255 for
 * a paint id (a label, or an instance). Painting is exact (no anti-aliasing), so the mask only
 * ever holds the colours of real labels. Pixel counts per id are kept up to date.
 */
export class LabelMask {
  readonly data: Uint8Array;
  readonly counts = new Uint32Array(256);

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = new Uint8Array(width * height);
    this.counts[0] = width * height;
  }

  /** Paints a disc of radius `r` (image pixels) with `id` (0 erases); returns what changed. */
  paintDisc(centre: Point, r: number, id: number): PixelRect | null {
    const radius = Math.max(0.5, r);
    const x0 = Math.max(0, Math.floor(centre.x - radius));
    const x1 = Math.min(this.width - 1, Math.ceil(centre.x + radius));
    const y0 = Math.max(0, Math.floor(centre.y - radius));
    const y1 = Math.min(this.height - 1, Math.ceil(centre.y + radius));
    if (x0 > x1 || y0 > y1) return null;
    const r2 = radius * radius;
    for (let y = y0; y <= y1; y++) {
      const dy = y + 0.5 - centre.y;
      for (let x = x0; x <= x1; x++) {
        const dx = x + 0.5 - centre.x;
        if (dx * dx + dy * dy > r2) continue;
        this.set(y * this.width + x, id);
      }
    }
    return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  }

  /** Paints discs along a segment, close enough that a fast drag leaves no gaps. */
  paintStroke(from: Point, to: Point, r: number, id: number): PixelRect | null {
    const length = Math.hypot(to.x - from.x, to.y - from.y);
    const steps = Math.max(1, Math.ceil(length / Math.max(0.5, r / 2)));
    let changed: PixelRect | null = null;
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      changed = union(changed, this.paintDisc({ x: from.x + (to.x - from.x) * t, y: from.y + (to.y - from.y) * t }, r, id));
    }
    return changed;
  }

  /** Sets every pixel of one id back to unpainted. */
  clearId(id: number): void {
    if (id === 0) return;
    for (let i = 0; i < this.data.length; i++) if (this.data[i] === id) this.set(i, 0);
  }

  /** Sets one pixel (by index) to an id, keeping the counts right. */
  set(index: number, id: number): void {
    const old = this.data[index] as number;
    if (old === id) return;
    this.data[index] = id;
    this.counts[old] = (this.counts[old] as number) - 1;
    this.counts[id] = (this.counts[id] as number) + 1;
  }

  /** RGBA pixels for the mask: each id's colour fully opaque, unpainted pixels `background`. */
  toRgba(colourOf: (id: number) => readonly [number, number, number], background: readonly [number, number, number, number], rect: PixelRect = { x: 0, y: 0, width: this.width, height: this.height }): Uint8Array {
    const out = new Uint8Array(rect.width * rect.height * 4);
    const cache = new Map<number, readonly [number, number, number]>();
    let o = 0;
    for (let y = rect.y; y < rect.y + rect.height; y++) {
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        const id = this.data[y * this.width + x] as number;
        if (id === 0) out.set(background, o);
        else {
          let rgb = cache.get(id);
          if (!rgb) {
            rgb = colourOf(id);
            cache.set(id, rgb);
          }
          out[o] = rgb[0];
          out[o + 1] = rgb[1];
          out[o + 2] = rgb[2];
          out[o + 3] = 255;
        }
        o += 4;
      }
    }
    return out;
  }

  /** A short fingerprint of the mask (FNV-1a), to tell whether it changed. */
  fingerprint(): string {
    let hash = 0x811c9dc5;
    for (let i = 0; i < this.data.length; i++) {
      hash ^= this.data[i] as number;
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0).toString(16);
  }
}

function union(a: PixelRect | null, b: PixelRect | null): PixelRect | null {
  if (!a) return b;
  if (!b) return a;
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

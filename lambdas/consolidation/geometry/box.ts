import { describeType } from '../../contracts/check.ts';

/** Axis-aligned boxes in image pixels, origin top-left (as crowd-bounding-box reports them). */
export interface LabeledBox {
  label: string;
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface ImageSize {
  width: number;
  height: number;
}

type Rect = { left: number; top: number; width: number; height: number };

/**
 * Intersection over union of two boxes. Its arguments are checked (a missing coordinate would
 * give NaN without a word); the algorithms' inner loops use {@link boxIou}.
 */
export function iou(a: Rect, b: Rect): number {
  checkRect(a, 'a');
  checkRect(b, 'b');
  return boxIou(a, b);
}

function checkRect(box: unknown, name: string): void {
  if (typeof box !== 'object' || box === null || Array.isArray(box)) throw new TypeError(`iou: ${name}: expected a box { left, top, width, height }, got ${describeType(box)}`);
  for (const key of ['left', 'top', 'width', 'height'] as const) {
    const value: unknown = (box as Record<string, unknown>)[key];
    if (typeof value !== 'number') throw new TypeError(`iou: ${name}.${key}: expected a number, got ${describeType(value)}; pass boxes as { left, top, width, height }`);
  }
}

/** IoU without checks, for inner loops over boxes already known to be boxes. */
export function boxIou(a: Rect, b: Rect): number {
  const w = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
  if (w <= 0) return 0;
  const h = Math.min(a.top + a.height, b.top + b.height) - Math.max(a.top, b.top);
  if (h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * Makes a worker's box usable, or says why it is not: non-finite numbers are dropped, negative
 * sizes are flipped (a box drawn right-to-left), the box is clipped to the image, and what is left
 * must have a positive area.
 */
export function sanitizeBox(box: LabeledBox, image?: ImageSize): LabeledBox | string {
  const corners = new Float64Array(4);
  const why = sanitizeCorners(box, image, corners);
  if (why) return why;
  const [x1, y1, x2, y2] = corners as unknown as [number, number, number, number];
  return { label: box.label, left: x1, top: y1, width: x2 - x1, height: y2 - y1 };
}

/** sanitizeBox's rules without making a box: writes the corners [x1, y1, x2, y2] to `out`, or returns why the box is unusable. */
export function sanitizeCorners(box: { left: number; top: number; width: number; height: number }, image: ImageSize | undefined, out: Float64Array): string | undefined {
  const { left, top, width, height } = box;
  if (!(Number.isFinite(left) && Number.isFinite(top) && Number.isFinite(width) && Number.isFinite(height))) return 'a coordinate is not a finite number';
  let x1 = Math.min(left, left + width);
  let x2 = Math.max(left, left + width);
  let y1 = Math.min(top, top + height);
  let y2 = Math.max(top, top + height);
  if (image && image.width > 0 && image.height > 0) {
    x1 = Math.max(0, x1);
    y1 = Math.max(0, y1);
    x2 = Math.min(image.width, x2);
    y2 = Math.min(image.height, y2);
  }
  if (x2 - x1 <= 0 || y2 - y1 <= 0) return 'the box has no area (inside the image)';
  // Finite edges can still overflow: a width, height or area of Infinity would make IoU NaN.
  if (!Number.isFinite((x2 - x1) * (y2 - y1))) return 'the box is too large to measure (its size overflows)';
  out[0] = x1;
  out[1] = y1;
  out[2] = x2;
  out[3] = y2;
  return undefined;
}

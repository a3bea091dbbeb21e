import { roundCoordinates } from '../answer-shapes.ts';

export interface Point {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** Where an element sits on screen (a DOMRect, or a stand-in in tests). */
export interface ScreenRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A pointer position in image pixels, whatever the display size: the offset inside the shown
 * image scaled by natural size / shown size. Before the image has a size, screen pixels.
 */
export function toImagePoint(pointer: { clientX: number; clientY: number }, shown: ScreenRect, image: Size): Point {
  const sx = shown.width > 0 && image.width > 0 ? image.width / shown.width : 1;
  const sy = shown.height > 0 && image.height > 0 ? image.height / shown.height : 1;
  return { x: (pointer.clientX - shown.left) * sx, y: (pointer.clientY - shown.top) * sy };
}

/** Image pixels per screen pixel, so handles and hit areas keep their size on screen. */
export function imagePixelsPerScreenPixel(shown: ScreenRect, image: Size): number {
  return shown.width > 0 && image.width > 0 ? image.width / shown.width : 1;
}

/** Keeps a point inside the image (no upper bound while the size is unknown). */
export function clampPoint(p: Point, image: Size): Point {
  return { x: clamp(p.x, 0, image.width > 0 ? image.width : Infinity), y: clamp(p.y, 0, image.height > 0 ? image.height : Infinity) };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The step an arrow key asks for: 1 image pixel, 10 with the large-step modifier. */
export function arrowStep(key: string, large: boolean): Point | undefined {
  const step = large ? 10 : 1;
  switch (key) {
    case 'ArrowLeft':
      return { x: -step, y: 0 };
    case 'ArrowRight':
      return { x: step, y: 0 };
    case 'ArrowUp':
      return { x: 0, y: -step };
    case 'ArrowDown':
      return { x: 0, y: step };
    default:
      return undefined;
  }
}

/** A coordinate as the answer reports it (see answer-shapes.ts). */
export function coordinate(n: number): number {
  return roundCoordinates ? Math.round(n) : n;
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Moves every point by the same amount, without letting any leave the image. */
export function translateInside(points: Point[], by: Point, image: Size): Point[] {
  if (points.length === 0) return points;
  const minX = Math.min(...points.map((p) => p.x));
  const minY = Math.min(...points.map((p) => p.y));
  const maxX = Math.max(...points.map((p) => p.x));
  const maxY = Math.max(...points.map((p) => p.y));
  const dx = clamp(by.x, -minX, image.width > 0 ? image.width - maxX : Infinity);
  const dy = clamp(by.y, -minY, image.height > 0 ? image.height - maxY : Infinity);
  return points.map((p) => ({ x: p.x + dx, y: p.y + dy }));
}

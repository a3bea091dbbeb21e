import { classIdsOf } from './class-ids.ts';
import { builtInConfidence } from './metadata.ts';

export interface DetectedBox {
  label: string;
  left: number;
  top: number;
  width: number;
  height: number;
  confidence: number;
}

/**
 * Built-in object-detection output (reference §5): `image_size` and `annotations` with integer
 * pixel boxes and `class_id`; metadata `objects` (confidences, same order) and `class-map`.
 * Edges are rounded, not the sizes: rounding left and width apart put a box that ends at the
 * image's edge one pixel past it (left 10.5, width 89.5 → 11 + 90 in a 100-px image). A box
 * thinner than a pixel keeps one pixel, inside the image when its size is known.
 * A label outside `classes` gets an id after them, in the order of this call's boxes: ids that
 * only hold within one object, so `taskConsolidation` leaves such boxes out before (with a note).
 */
export function objectDetectionOutput(boxes: readonly DetectedBox[], classes: readonly string[], imageSize: { width: number; height: number } | undefined, workersPerObject?: number) {
  const classIds = classIdsOf(boxes.map((b) => b.label), classes);
  const classMap: Record<string, string> = {};
  const annotations = boxes.map((b) => {
    const classId = classIds.get(b.label) as number;
    classMap[String(classId)] = b.label;
    const [left, width] = pixels(b.left, b.width, imageSize?.width);
    const [top, height] = pixels(b.top, b.height, imageSize?.height);
    return { class_id: classId, left, top, width, height };
  });
  return {
    // depth 3 is part of the documented built-in shape (§5); the element reports only width and height.
    label: { image_size: [{ width: imageSize?.width ?? 0, height: imageSize?.height ?? 0, depth: 3 }], annotations },
    metadata: { objects: boxes.map((b) => ({ confidence: builtInConfidence(b.confidence, workersPerObject) })), 'class-map': classMap, type: 'groundtruth/object-detection' },
  };
}

/** One axis of a box in whole pixels: [start, size] from the rounded edges, at least 1 px, kept within `limit` when it is a size. */
function pixels(start: number, size: number, limit: number | undefined): [number, number] {
  let from = Math.round(start);
  let to = Math.round(start + size);
  if (to - from < 1) {
    to = from + 1;
    if (limit !== undefined && limit >= 1 && to > limit && from >= 1) [from, to] = [from - 1, to - 1];
  }
  return [from, to - from];
}

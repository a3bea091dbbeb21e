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
 * A label outside `classes` gets an id after them, in the order of this call's boxes: ids that
 * only hold within one object, so `taskConsolidation` leaves such boxes out before (with a note).
 */
export function objectDetectionOutput(boxes: readonly DetectedBox[], classes: readonly string[], imageSize: { width: number; height: number } | undefined, workersPerObject?: number) {
  const classIds = classIdsOf(boxes.map((b) => b.label), classes);
  const classMap: Record<string, string> = {};
  const annotations = boxes.map((b) => {
    const classId = classIds.get(b.label) as number;
    classMap[String(classId)] = b.label;
    return { class_id: classId, left: Math.round(b.left), top: Math.round(b.top), width: Math.round(b.width), height: Math.round(b.height) };
  });
  return {
    // depth 3 is part of the documented built-in shape (§5); the element reports only width and height.
    label: { image_size: [{ width: imageSize?.width ?? 0, height: imageSize?.height ?? 0, depth: 3 }], annotations },
    metadata: { objects: boxes.map((b) => ({ confidence: builtInConfidence(b.confidence, workersPerObject) })), 'class-map': classMap, type: 'groundtruth/object-detection' },
  };
}

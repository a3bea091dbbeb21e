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
 */
export function objectDetectionOutput(boxes: readonly DetectedBox[], classes: readonly string[], imageSize: { width: number; height: number } | undefined, workersPerObject?: number) {
  const classMap: Record<string, string> = {};
  const annotations = boxes.map((b) => {
    let classId = classes.indexOf(b.label);
    if (classId < 0) classId = classes.length + [...new Set(boxes.map((x) => x.label).filter((l) => !classes.includes(l)))].indexOf(b.label);
    classMap[String(classId)] = b.label;
    return { class_id: classId, left: Math.round(b.left), top: Math.round(b.top), width: Math.round(b.width), height: Math.round(b.height) };
  });
  return {
    label: { image_size: [{ width: imageSize?.width ?? 0, height: imageSize?.height ?? 0, depth: 3 }], annotations },
    metadata: { objects: boxes.map((b) => ({ confidence: builtInConfidence(b.confidence, workersPerObject) })), 'class-map': classMap, type: 'groundtruth/object-detection' },
  };
}

import { getOwn } from '../../lambdas/contracts/own-property.ts';
import type { DataObject } from '../../lambdas/contracts/pre.ts';

/**
 * A manifest line's truth for simulated workers: the field as written (a label, a list of boxes,
 * …), or, when it is a label in the output format gtkit writes (as Ground Truth's built-in types
 * do, reference §5: an earlier run's or job's output manifest), that label read back into the
 * shape the task types' simulations take: a class index with its metadata's `class-name`, class
 * indices through its `class-map`, object-detection `annotations` (`class_id` through the
 * `class-map`, the size from `image_size`), named-entity `annotations.entities`, and an image
 * tool's answer with `inputImageProperties` as its size. A value that cannot be read back (a
 * class id the map lacks) is returned as written, so the run reports it as unusable.
 *
 * @example truthOf({ source: 'a', intent: 1, 'intent-metadata': { 'class-name': 'delivery' } }, 'intent') // 'delivery'
 */
export function truthOf(dataObject: DataObject, field: string): unknown {
  const value = getOwn(dataObject, field);
  const metadata = asRecord(getOwn(dataObject, `${field}-metadata`));
  const className = metadata?.['class-name'];
  const classMap = asRecord(metadata?.['class-map']);
  if (isClassIndex(value) && typeof className === 'string') return className;
  if (Array.isArray(value) && value.length > 0 && value.every(isClassIndex) && classMap) return namesOf(value, classMap) ?? value;
  const label = asRecord(value);
  if (!label) return value;
  const annotations = label.annotations;
  if (Array.isArray(annotations) && classMap) return boxesOf(annotations, classMap, label.image_size) ?? value;
  const entities = asRecord(annotations)?.entities;
  if (Array.isArray(entities)) return entities;
  const size = asRecord(label.inputImageProperties);
  if (size && label.imageSize === undefined) return { ...label, imageSize: size };
  return value;
}

/** Built-in class indices are numbers or numeric strings (reference §5: both `0` and `"0"` appear). */
function isClassIndex(value: unknown): value is number | string {
  return (typeof value === 'number' && Number.isInteger(value) && value >= 0) || (typeof value === 'string' && /^\d+$/.test(value));
}

/** The class names of indices through a `class-map`, or undefined when one is not in it. */
function namesOf(indices: ReadonlyArray<number | string>, classMap: Record<string, unknown>): string[] | undefined {
  const names = indices.map((i) => getOwn(classMap, String(i)));
  return names.every((n): n is string => typeof n === 'string') ? names : undefined;
}

/** Object-detection annotations as `{ boxes, imageSize }`, or undefined when one is no box or its `class_id` is not in the map. */
function boxesOf(annotations: readonly unknown[], classMap: Record<string, unknown>, imageSize: unknown): { boxes: unknown[]; imageSize?: { width: number; height: number } } | undefined {
  const boxes: unknown[] = [];
  for (const a of annotations) {
    const box = asRecord(a);
    const label = box && isClassIndex(box.class_id) ? getOwn(classMap, String(box.class_id)) : undefined;
    if (!box || typeof label !== 'string') return undefined;
    boxes.push({ label, left: box.left, top: box.top, width: box.width, height: box.height });
  }
  const size = Array.isArray(imageSize) ? asRecord(imageSize[0]) : undefined;
  const known = size && typeof size.width === 'number' && typeof size.height === 'number' && size.width > 0 && size.height > 0;
  return { boxes, ...(known ? { imageSize: { width: size.width as number, height: size.height as number } } : {}) };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

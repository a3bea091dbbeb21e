import { classIdsOf } from './class-ids.ts';
import { builtInConfidence } from './metadata.ts';
import { getOwn } from '../contracts/own-property.ts';

/**
 * Built-in single-label classification output: the label is the class index, the metadata
 * carries `class-name` and `confidence` (reference §5), and `type` when it is given (left out
 * where the built-in string is unverified, as for video classification). A label outside
 * `classes` gets the index after them, as in the multi-label and object-detection formats (the
 * built-in value is always an index), and `class-name` names it. The index is a number, or with
 * `classIndex: 'numeric-string'` the same digits as a string (text classification's `"1"`).
 */
export function classificationOutput(label: string, classes: readonly string[], confidence: number, type: string | undefined, workersPerObject?: number, classIndex: 'number' | 'numeric-string' = 'number') {
  const index = classIdsOf([label], classes).get(label) as number;
  return {
    label: classIndex === 'numeric-string' ? String(index) : index,
    metadata: { 'class-name': label, confidence: builtInConfidence(confidence, workersPerObject), ...(type === undefined ? {} : { type }) },
  };
}

/**
 * Built-in multi-label output: the label is the list of chosen class indices, the metadata has a
 * `class-map` and a `confidence-map` (per chosen class: the share of workers who chose it).
 * A label outside `classes` gets an index after them, named in the `class-map`, so it is not lost
 * (`taskConsolidation` takes such labels out of the answers first and says so in a note).
 */
export function multiLabelOutput(chosen: readonly string[], classes: readonly string[], posteriors: Record<string, number>, type: string | undefined, workersPerObject?: number) {
  const ids = classIdsOf(chosen, classes);
  const classMap: Record<string, string> = {};
  const confidenceMap: Record<string, number> = {};
  for (const [name, id] of ids) {
    classMap[String(id)] = name;
    confidenceMap[String(id)] = builtInConfidence(getOwn(posteriors, name) ?? 0, workersPerObject);
  }
  return { label: [...ids.values()], metadata: { 'class-map': classMap, 'confidence-map': confidenceMap, ...(type === undefined ? {} : { type }) } };
}

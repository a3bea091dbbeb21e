import { listText } from '../../lambdas/contracts/list-text.ts';
import { labelText, parseLenientValue } from '../elements/attributes.ts';
import { elementSpecs } from '../elements/spec.ts';
import type { LintElement } from './types.ts';

/** The attribute that lists an element's labels (`categories`, `labels`), as a pick for attributeValues: none for other elements. */
export function labelAttributeOf(tag: string): string[] {
  const attr = elementSpecs[tag]?.labelAttribute;
  return attr ? [attr] : [];
}

/** Labels a message names at most; the rest are counted, so a list of 50 wrong labels stays one line. */
const labelsShown = 10;

/**
 * The labels an element's label attribute (`categories`, `labels`) lists, each once and in order,
 * as the stand-ins read them (labelText: a string, a number's text, or an object's `label`).
 * Undefined when the attribute is missing or is no list: unparseable-attribute reports that.
 */
export function elementLabels(element: LintElement, attr: string): string[] | undefined {
  const parsed = parseLenientValue(element.attrs[attr] ?? '');
  if (!parsed.ok || !Array.isArray(parsed.value)) return undefined;
  return [...new Set(parsed.value.map(labelText).filter((l): l is string => l !== undefined))];
}

/** Labels as messages show them: quoted, the first 10 and how many more, e.g. `"cat", "dog" and 3 more`. */
export function quotedList(labels: readonly string[], max = labelsShown): string {
  return listText(labels.map((l) => JSON.stringify(l)), max);
}

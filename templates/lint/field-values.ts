import { heldJson } from '../../lambdas/contracts/answer-content.ts';
import type { AnswerShape } from '../elements/spec.ts';
import { closestAncestor, liquidMark } from './html.ts';
import type { LintContext, LintElement } from './types.ts';

/** An option's text as its value: whitespace stripped and collapsed, as a browser does. */
const optionText = (e: LintElement) => (e.text ?? '').replace(/[\t\n\f\r ]+/g, ' ').trim();

/**
 * The values a native field is written to submit, as lint sees them: a `<select>`'s option values
 * (the text of an option without a value attribute), an `<input>`'s preset value (none: the
 * worker types it). A value Liquid writes is read from the rendered pages. Undefined where lint
 * cannot see them: Liquid writes them and no task input was given, or a select has no option in
 * the markup (a script adds them). Asked with the field's source element.
 */
export function fieldValues(ctx: LintContext): (field: LintElement) => readonly string[] | undefined {
  const values = new Map<number, string[]>();
  const unseen = new Set<number>();
  for (const doc of ctx.documents) {
    const fromSource = doc === ctx.sourceDocument;
    for (const e of doc.elements) {
      const select = e.tag === 'option' ? closestAncestor(e, 'select') : undefined;
      const value = select ? (e.attrs.value ?? optionText(e)) : e.tag === 'input' ? e.attrs.value : undefined;
      if (value === undefined) continue;
      // Rendered elements carry the source offset of the element they came from.
      const key = (select ?? e).offset;
      if (fromSource && liquidMark.test(value)) {
        if (ctx.renders.length === 0) unseen.add(key);
        continue;
      }
      const list = values.get(key);
      if (list) list.push(value);
      else values.set(key, [value]);
    }
  }
  return (field) => {
    if (unseen.has(field.offset)) return undefined;
    const list = values.get(field.offset) ?? [];
    return field.tag === 'select' && list.length === 0 ? undefined : list;
  };
}

/**
 * What an ACS that decodes strings holding JSON (decodeAnswerContent's `nestedJson`) makes of a
 * string field with these values: a string when none holds JSON; when every one holds a JSON
 * object, an object with the keys they all have; else undefined (some do and some do not, or
 * they hold arrays: not one shape lint can compare).
 */
export function decodedValuesShape(values: readonly string[]): AnswerShape | undefined {
  const held = values.map(heldJson);
  if (held.every((h) => h === undefined)) return { kind: 'text' };
  const objects = held.filter((h): h is object => h !== undefined && !Array.isArray(h));
  if (objects.length !== held.length) return undefined;
  const [first, ...rest] = objects;
  return { kind: 'object', keys: Object.keys(first ?? {}).filter((k) => rest.every((o) => Object.hasOwn(o, k))) };
}

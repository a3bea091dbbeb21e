import { heldJson } from '../../lambdas/contracts/answer-content.ts';
import type { AnswerShape } from '../elements/spec.ts';
import { closestAncestor, liquidMark } from './html.ts';
import type { LintDocument, LintElement } from './types.ts';

/** An option's text as its value: whitespace stripped and collapsed, as a browser does. */
const optionText = (e: LintElement) => (e.text ?? '').replace(/[\t\n\f\r ]+/g, ' ').trim();

/**
 * What the values of one field add up to for decodedValuesShape: how many there are, how many
 * hold no JSON, how many hold a JSON object, and the keys the objects all have (in the first's
 * order). A summary, not the values: a select's options come again on every page.
 */
interface ValuesSummary {
  count: number;
  plain: number;
  objects: number;
  commonKeys?: string[];
}

/**
 * The values a native field is written to submit, as lint sees them: a `<select>`'s option values
 * (the text of an option without a value attribute), an `<input>`'s preset value (none: the
 * worker types it). A value Liquid writes is read from the rendered pages. Shown the source, then
 * each page; asked once they are all seen.
 */
export class FieldValues {
  private readonly summaries = new Map<number, ValuesSummary>();
  /** Fields with a value Liquid writes in the source: unseen when nothing rendered. */
  private readonly written = new Set<number>();

  add(doc: LintDocument, fromSource: boolean): void {
    for (const e of doc.elements) {
      const select = e.tag === 'option' ? closestAncestor(e, 'select') : undefined;
      const value = select ? (e.attrs.value ?? optionText(e)) : e.tag === 'input' ? e.attrs.value : undefined;
      if (value === undefined) continue;
      // Rendered elements carry the source offset of the element they came from.
      const key = (select ?? e).offset;
      if (fromSource && liquidMark.test(value)) {
        this.written.add(key);
        continue;
      }
      this.count(key, value);
    }
  }

  /**
   * What an ACS that decodes strings holding JSON (decodeAnswerContent's `nestedJson`) makes of
   * the field (asked with its source element): see decodedValuesShape. `unseen` where lint cannot
   * see the values: Liquid writes them and nothing rendered, or a select has no option in the
   * markup (a script adds them).
   */
  decodedShape(field: LintElement, pages: number): AnswerShape | undefined | 'unseen' {
    if (pages === 0 && this.written.has(field.offset)) return 'unseen';
    const summary = this.summaries.get(field.offset) ?? { count: 0, plain: 0, objects: 0 };
    if (field.tag === 'select' && summary.count === 0) return 'unseen';
    return decodedValuesShape(summary);
  }

  private count(key: number, value: string): void {
    let summary = this.summaries.get(key);
    if (!summary) this.summaries.set(key, (summary = { count: 0, plain: 0, objects: 0 }));
    summary.count++;
    const held = heldJson(value);
    if (held === undefined) summary.plain++;
    else if (!Array.isArray(held)) {
      summary.objects++;
      summary.commonKeys = summary.commonKeys ? summary.commonKeys.filter((k) => Object.hasOwn(held, k)) : Object.keys(held);
    }
  }
}

/**
 * A string field's values as a decoder of strings holding JSON reads them: a string when none
 * holds JSON; when every one holds a JSON object, an object with the keys they all have; else
 * undefined (some do and some do not, or they hold arrays: not one shape lint can compare).
 */
function decodedValuesShape({ count, plain, objects, commonKeys }: ValuesSummary): AnswerShape | undefined {
  if (plain === count) return { kind: 'text' };
  if (objects !== count) return undefined;
  return { kind: 'object', keys: commonKeys ?? [] };
}

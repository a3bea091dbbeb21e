import { liquidMark } from './html.ts';
import { tagMask } from './liquid-scan.ts';
import type { LintContext, LintDocument, LintElement, LintFinding, PageCheck } from './types.ts';

/**
 * Helpers the rules share for walking the source and rendered pages without reporting one
 * problem once per task input.
 */

/** An element to judge: a rendered one is paired with the source element it came from. */
export interface JudgedElement {
  element: LintElement;
  source: LintElement;
  /** The task input it was rendered for; undefined for the template source. */
  origin?: string;
}

/**
 * The elements of one document to judge: the template's own, or those of a page
 * rendered from them. Elements that the data produced (HTML inside a task input) are not the
 * template's and are left out.
 */
export function* judgedElements(ctx: LintContext, doc: LintDocument): Generator<JudgedElement> {
  if (doc === ctx.sourceDocument) {
    for (const e of doc.elements) yield { element: e, source: e };
    return;
  }
  for (const e of doc.elements) {
    const source = ctx.sourceElementAt(e.offset);
    if (source && source.tag === e.tag) yield { element: e, source, ...(doc.origin !== undefined ? { origin: doc.origin } : {}) };
  }
}

/** An attribute value as Ground Truth will see it, with where it was judged. */
export interface JudgedValue extends JudgedElement {
  attr: string;
  value: string;
}

/**
 * Values of the attributes `pick` names in one document: static values from the source, and
 * values that Liquid builds from a rendered page. A value with Liquid in it, or in a start tag with
 * Liquid tags in it (`{% if %} categories='["a"]' {% else %} categories='[]' {% endif %}`: which
 * one a page gets is known only once rendered), is judged only once rendered.
 */
export function* attributeValues(ctx: LintContext, pick: (tag: string) => readonly string[], doc: LintDocument): Generator<JudgedValue> {
  for (const j of judgedElements(ctx, doc)) {
    for (const attr of pick(j.element.tag)) {
      const value = j.element.attrs[attr];
      if (value === undefined) continue;
      const builtByLiquid = j.source.dynamic.has(attr) || j.source.attrs[attr] === undefined || hasLiquidInTag(ctx, j.source);
      if (j.origin === undefined ? builtByLiquid : !builtByLiquid) continue;
      yield { ...j, attr, value };
    }
  }
}

/** An attribute value that is an `s3://` URI: shown as messages show it (100 characters at most), keyed and placed at its attribute. */
export interface S3AttributeValue extends JudgedValue {
  shown: string;
  key: string;
  at: number;
}

/** The values of the attributes `pick` names that are `s3://` URIs, as {@link attributeValues} finds them. */
export function* s3AttributeValues(ctx: LintContext, pick: (tag: string) => readonly string[], doc: LintDocument): Generator<S3AttributeValue> {
  for (const v of attributeValues(ctx, pick, doc)) {
    if (!/^\s*s3:\/\//i.test(v.value)) continue;
    yield { ...v, shown: v.value.trim().slice(0, 100), key: `${v.source.offset}:${v.attr}`, at: ctx.attributeOffset(v.source.offset, v.attr) };
  }
}

/** True when the start tag holds Liquid tags (`{% if %}` around attributes): its attributes are known only once rendered. */
export function hasLiquidInTag(ctx: LintContext, element: LintElement): boolean {
  const end = ctx.maskedSource.indexOf('>', element.offset);
  return ctx.maskedSource.slice(element.offset, end === -1 ? undefined : end).includes(tagMask) || Object.keys(element.attrs).some((a) => liquidMark.test(a));
}

/**
 * A page rule that judges the source and then each rendered page the same way, keeping the first
 * finding per key: the source's come first, then each page's, in task-input order.
 */
export function eachDocument(ctx: LintContext, judge: (doc: LintDocument, out: FindingSet) => void): PageCheck {
  const out = new FindingSet();
  judge(ctx.sourceDocument, out);
  return { page: (page) => judge(page, out), findings: () => out.list };
}

/**
 * Where a finding about the template's fields as a whole goes (a field the ACS reads or keeps that
 * no element has): the source's crowd-form, else its first named element, else the top.
 */
export function formAnchor(ctx: LintContext): number {
  return (ctx.sourceDocument.elements.find((e) => e.tag === 'crowd-form') ?? ctx.sourceDocument.elements.find((e) => e.attrs.name !== undefined))?.offset ?? 0;
}

/** A page rule's check that the pages cannot change: what the source gave. */
export function settled(findings: LintFinding[]): PageCheck {
  return { findings: () => findings };
}

/** Collects findings, keeping the first for each key (same rule, place and subject). */
export class FindingSet {
  private readonly seen = new Set<string>();
  readonly list: LintFinding[] = [];
  add(key: string, make: () => LintFinding): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(make());
  }
}

/** ` when rendered for manifest.jsonl:3`, or nothing for the source. */
export function renderedFor(origin: string | undefined): string {
  return origin === undefined ? '' : ` when rendered for ${origin}`;
}

/** What a rendered page may lack that the source has, for leftOutByLiquid. */
export interface LeftOut {
  ruleId: string;
  /** The source element that brings it (the crowd-form, the script); nothing to report without one. */
  anchor: LintElement | undefined;
  /** Whether a rendered page goes without it. */
  lacks(doc: LintDocument): boolean;
  /** How the message names the anchor, e.g. `this <script>`. */
  what: string;
  /** What the page then fails at, e.g. `workers cannot submit an answer`. */
  consequence: string;
  /** What the hint moves, e.g. `the <script>`. */
  move: string;
}

/**
 * The source has something that Liquid leaves out of a rendered page (inside an if, unless, case
 * or for that a task input does not take): one error at it, naming the first task input whose
 * page goes without it.
 */
export function leftOutByLiquid(ctx: LintContext, check: LeftOut): PageCheck {
  // Only the first such page's origin is kept, not the page.
  let lacking: { origin: string } | undefined;
  return {
    page(page) {
      if (!lacking && check.anchor && check.lacks(page)) lacking = { origin: page.origin };
    },
    findings() {
      if (!check.anchor || !lacking) return [];
      return [ctx.at(check.anchor.offset, check.ruleId, 'error', `Liquid leaves ${check.what} out of the page${renderedFor(lacking.origin)}, so ${check.consequence}`, `move ${check.move} out of the Liquid block (if, unless, case or for) around it`)];
    },
  };
}

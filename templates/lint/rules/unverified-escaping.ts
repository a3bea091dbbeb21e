import { positionOf } from '../../engine/errors.ts';
import { escapingFilters, jsonAttributeForm, lastUnverified, unverifiedFilters, urlAttributeForm } from '../escaping-forms.ts';
import { assignParts, filtersOf, rootsOf } from '../liquid-names.ts';
import type { LiquidToken } from '../liquid-scan.ts';
import { taskInputTracker } from '../task-input-taint.ts';
import type { LintContext, LintFinding, QuotedAttributeRun, RawTextRun, SourceRule } from '../types.ts';

/**
 * What becomes of the result of the last to_json, grant_read_access or s3_presign in a chain:
 * `escaped` when an escape or escape_once follows it, so it is escaped under both readings.
 * Undefined when the chain has none of them.
 */
function escapingAfter(filters: readonly string[]): { filter: string; escaped: boolean } | undefined {
  const last = filters.findLastIndex((f) => unverifiedFilters.has(f));
  if (last === -1) return undefined;
  return { filter: filters[last] ?? '', escaped: filters.slice(last + 1).some((f) => escapingFilters.has(f)) };
}

/** What escaped text does where the browser reads it raw. */
const breaks: Record<string, string> = {
  script: 'the script fails',
  style: 'the style rule breaks',
  xmp: 'the worker sees the entities',
  plaintext: 'the worker sees the entities',
};

/** A variable assigned the result of to_json or a presign: a plain output of it is escaped under both readings. */
interface Held {
  filter: string;
  line: number;
}

/**
 * Where the browser reads text raw, in a `<script>` or `<style>`, whether Ground Truth escapes
 * the result of `to_json`, `grant_read_access` or `s3_presign` decides whether the page works,
 * and that is not documented (reference §3.4). gtkit writes to_json's JSON raw and escapes a
 * presigned URL (escaping.ts), so the preview can work where a real job fails, or fail where it
 * works: escaped JSON (`{&quot;k&quot;:…}`) is a syntax error, and a URL whose `&` became `&amp;`
 * no longer signs. The same result escaped under both readings (`| to_json | escape`, or an
 * assigned variable written with `{{ v }}`) breaks the page in the preview and in a real job, and
 * is reported too. In attribute values and ordinary text the browser decodes character
 * references, so escaping changes nothing there: a double-quoted attribute with `| escape` is the
 * form the hints give, the same under every reading and safe for any data. One attribute case is
 * reported: a chain ending in `to_json` inside a double-quoted value, where gtkit's raw JSON ends
 * the value at its first `"` (and Ground Truth's may too). When that JSON holds task input, the
 * data writes the rest of the tag (`" onmouseover="…`): an error, which gtkit deploy refuses.
 */
export const unverifiedEscaping: SourceRule = {
  id: 'unverified-escaping',
  description: 'to_json, grant_read_access or s3_presign in a <script> or <style>, or to_json unescaped in a double-quoted attribute, where Ground Truth may or may not escape them',
  check(ctx) {
    const runs = ctx.sourceDocument.rawTextLiquid ?? [];
    const attributes = ctx.sourceDocument.quotedAttributeLiquid ?? [];
    const findings: LintFinding[] = [];
    const held = new Map<string, Held>();
    let next = 0;
    let nextAttribute = 0;
    const taskInput = taskInputTracker();
    // Tokens and runs both come in source order: walk them together.
    for (const t of ctx.liquidTokens) {
      const readsTaskInput = taskInput.step(t) !== undefined;
      const assign = t.kind === 'tag' && t.name === 'assign' ? assignParts(t.markup) : undefined;
      if (assign) {
        // Whatever follows in the chain (even skip_autoescape), what is stored is written escaped.
        const filter = lastUnverified(filtersOf(assign.expression));
        if (filter) held.set(assign.name, { filter, line: positionOf(ctx.source, t.begin).line });
        else held.delete(assign.name);
        continue;
      }
      if (t.kind !== 'output') continue;
      while (nextAttribute < attributes.length && (attributes[nextAttribute]?.end ?? 0) <= t.begin) nextAttribute++;
      const attribute = attributes[nextAttribute];
      if (attribute && attribute.begin <= t.begin) {
        const finding = judgeAttribute(ctx, t, attribute, readsTaskInput);
        if (finding) findings.push(finding);
        continue;
      }
      while (next < runs.length && (runs[next]?.end ?? 0) <= t.begin) next++;
      const run: RawTextRun | undefined = runs[next];
      if (!run || run.begin > t.begin) continue;
      const finding = judge(ctx, t, run.tag, held);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

/** The finding for one output in a script or style, if its escaping matters there. */
function judge(ctx: LintContext, t: LiquidToken, tag: string, held: ReadonlyMap<string, Held>): LintFinding | undefined {
  const filters = filtersOf(t.markup);
  // skip_autoescape writes the result raw under both readings: the same in the preview and a real job.
  if (filters.includes('skip_autoescape')) return undefined;
  const written = `${shown(t)} in a <${tag}>`;
  const consequence = breaks[tag] ?? 'the text breaks';
  const ending = escapingAfter(filters);
  if (ending) {
    const message = ending.escaped ? escapedMessage(written, ending.filter, consequence) : unverifiedMessage(written, ending.filter, consequence);
    return ctx.at(t.begin, 'unverified-escaping', 'warning', message, hint(t, ending.filter));
  }
  // A variable holding to_json's JSON or a presigned URL, written as a plain output: escaped.
  const [root] = rootsOf(t.markup);
  const from = root === undefined ? undefined : held.get(root);
  if (!from) return undefined;
  const what = from.filter === 'to_json' ? 'the JSON' : 'the URL';
  const message = `${written}: ${root} holds ${what} ${from.filter} returned (assigned at line ${from.line}), and an output is HTML-escaped under every reading, so ${readsAs(from.filter)} and ${consequence}, in the preview and in a real job`;
  return ctx.at(t.begin, 'unverified-escaping', 'warning', message, hint(t, from.filter));
}

/**
 * The finding for an output in a double-quoted attribute value whose chain ends in to_json:
 * gtkit writes the JSON raw, so its first `"` closes the value (`data-meta="{"sku":…}"` reads as
 * `{`). An escape after it, or any filter after it (escaped as usual), or skip_autoescape (the
 * same under both readings; skip-autoescape-task-input judges it) leaves nothing to report.
 * `fromTaskInput`: the JSON holds task input, whose data then writes the rest of the tag.
 */
function judgeAttribute(ctx: LintContext, t: LiquidToken, attribute: QuotedAttributeRun, fromTaskInput: boolean): LintFinding | undefined {
  const filters = filtersOf(t.markup);
  if (filters.at(-1) !== 'to_json' || filters.includes('skip_autoescape')) return undefined;
  const where = `${attribute.attr}="…" of <${attribute.tag}>`;
  const message = fromTaskInput
    ? `${shown(t)} in the double-quoted ${where}: gtkit writes to_json's JSON unescaped, so the first " in the task input's data ends the value and the rest of the data becomes attributes of <${attribute.tag}> (say " onmouseover="…"), which can run scripts in the worker page; whether Ground Truth escapes it is not documented, and if it does not, a real job is open the same way`
    : `${shown(t)} in the double-quoted ${where}: gtkit writes to_json's JSON unescaped, so its first " ends the value and <${attribute.tag}> gets a cut-off ${attribute.attr} in the preview; whether Ground Truth escapes it is not documented, and if it does not, a real job breaks the same way`;
  // The attribute as written, with escape added to this output; just the output when that is long.
  const output = asWritten(t, `${t.markup} | escape`);
  const rewritten = ctx.source.slice(attribute.begin, t.begin) + output + ctx.source.slice(t.end, attribute.end);
  const fixed = rewritten.length <= 160 ? rewritten : output;
  const reader = attribute.attr.startsWith('data-') ? `, then JSON.parse(element.dataset.${datasetKey(attribute.attr)})` : '';
  return ctx.at(t.begin, 'unverified-escaping', fromTaskInput ? 'error' : 'warning', message, `escape the JSON once: ${fixed}${reader}, right under every reading and for any data (the browser decodes the entities)`);
}

/** The dataset property a data-* attribute is read as (`data-item-meta` → `itemMeta`). */
function datasetKey(attr: string): string {
  return attr.slice('data-'.length).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function readsAs(filter: string): string {
  return filter === 'to_json' ? 'it reads {&quot;…&quot;}' : 'its & reads &amp;';
}

function unverifiedMessage(written: string, filter: string, consequence: string): string {
  if (filter === 'to_json') {
    return `${written}: gtkit writes to_json's JSON unescaped, but whether Ground Truth escapes it is not documented; if it does, the JSON reads {&quot;…&quot;} and ${consequence} in a real job`;
  }
  return `${written}: gtkit HTML-escapes the URL ${filter} returns, so its & reads &amp; and ${consequence} in the preview; whether Ground Truth escapes it is not documented`;
}

function escapedMessage(written: string, filter: string, consequence: string): string {
  return `${written}: the escape after ${filter} escapes its result under every reading, so ${readsAs(filter)} and ${consequence}, in the preview and in a real job`;
}

/** An output's expression in the form it was written: `{{ e }}`, `{% echo e %}` or a `{% liquid %}` line `echo e`. */
function asWritten(t: LiquidToken, expression: string): string {
  if (t.echo === 'line') return `echo ${expression}`;
  return t.echo === 'tag' ? `{% echo ${expression} %}` : `{{ ${expression} }}`;
}

/** The output as written, shortened for a message. */
function shown(t: LiquidToken): string {
  return asWritten(t, t.markup.length > 60 ? `${t.markup.slice(0, 60)}…` : t.markup);
}

/** The expression with skip_autoescape in place of any escape, in the form it was written. */
function withSkip(t: LiquidToken): string {
  return asWritten(t, `${t.markup.replace(/\s*\|\s*escape(_once)?\b(?!\s*:)/g, '')} | skip_autoescape`);
}

/**
 * The attribute form first: escaped once under every reading and decoded by the browser, it is
 * right for any data; skip_autoescape writes the same under both readings too, but only data that
 * is not task input may skip escaping (skip-autoescape-task-input).
 */
function hint(t: LiquidToken, filter: string): string {
  if (filter === 'to_json') {
    return `pass the JSON in a double-quoted attribute and read it from there: ${jsonAttributeForm}, right under every reading and for any data; for data that is not task input and cannot hold "</script>", ${withSkip(t)} also writes the same under both readings`;
  }
  return `read the URL from a double-quoted attribute (${urlAttributeForm(filter)} for a script), right under every reading; for a URI that is not task input, ${withSkip(t)} also writes the same under both readings, since a presigned URL holds no < > " '`;
}

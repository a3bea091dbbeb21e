import { parseLenientValue } from '../../elements/attributes.ts';
import { elementSpecs } from '../../elements/spec.ts';
import type { HtmlElement, LintContext, LintFinding, LintRule } from '../types.ts';

/** Attributes an element needs (error) or should have (warning). */
export const requiredAttributes: LintRule = {
  id: 'required-attribute',
  description: 'required attributes missing per element',
  check(ctx) {
    const findings: LintFinding[] = [];
    for (const e of ctx.elements) {
      const spec = elementSpecs[e.tag];
      if (!spec) continue;
      for (const a of spec.required) {
        if (a === 'name' || e.attrs[a] !== undefined) continue; // name: the field-name rule
        findings.push(ctx.at(e.offset, 'required-attribute', 'error', `<${e.tag}> needs the "${a}" attribute`, `add ${a}="…" (see the element reference)`));
      }
      for (const a of spec.recommended ?? []) {
        if (e.attrs[a] === undefined) findings.push(ctx.at(e.offset, 'required-attribute', 'warning', `<${e.tag}> has no "${a}"; workers see no question`, `add ${a}="…"`));
      }
    }
    return findings;
  },
};

/** Attribute values to check: static ones from the source, rendered ones from each render. */
function values(ctx: LintContext, pick: (e: HtmlElement) => string[]): Array<{ element: HtmlElement; source: HtmlElement; attr: string; value: string; origin?: string }> {
  const out = [];
  for (const e of ctx.elements) for (const attr of pick(e)) {
    const v = e.attrs[attr];
    if (v !== undefined && !v.includes('{{') && !v.includes('{%')) out.push({ element: e, source: e, attr, value: v });
  }
  for (const r of ctx.renders) {
    for (const e of r.elements) {
      const src = ctx.sourceOf(e);
      if (!src) continue;
      for (const attr of pick(e)) {
        const v = e.attrs[attr];
        const raw = src.attrs[attr];
        if (v !== undefined && raw !== undefined && (raw.includes('{{') || raw.includes('{%'))) out.push({ element: e, source: src, attr, value: v, origin: r.origin });
      }
    }
  }
  return out;
}

/** Array and object attributes must parse (JSON or JavaScript-style literals) after rendering. */
export const parseableAttributes: LintRule = {
  id: 'unparseable-attribute',
  description: 'array or object attributes that do not parse after rendering',
  check(ctx) {
    const findings: LintFinding[] = [];
    const reported = new Set<string>();
    for (const v of values(ctx, (e) => [...(elementSpecs[e.tag]?.arrayAttributes ?? []), ...(elementSpecs[e.tag]?.objectAttributes ?? [])])) {
      const key = `${v.source.offset}:${v.attr}`;
      if (reported.has(key)) continue;
      const spec = elementSpecs[v.element.tag];
      const parsed = parseLenientValue(v.value);
      const wantArray = spec?.arrayAttributes.includes(v.attr) && v.attr !== 'initial-value';
      let problem: string | undefined;
      if (!parsed.ok) problem = parsed.error;
      else if (wantArray && !Array.isArray(parsed.value)) problem = `expected an array, got ${parsed.value === null ? 'null' : typeof parsed.value}`;
      if (!problem) continue;
      reported.add(key);
      findings.push(
        ctx.at(v.source.offset, 'unparseable-attribute', 'error', `${v.attr} of <${v.element.tag}> does not parse${v.origin ? ` when rendered for ${v.origin}` : ''}: ${problem} (value ${JSON.stringify(v.value.slice(0, 80))})`, "emit JSON with | to_json (in a single-quoted attribute, or with | to_json | escape)"),
      );
    }
    return findings;
  },
};

/** No more labels than an element can show. */
export const labelLimits: LintRule = {
  id: 'too-many-labels',
  description: 'more labels than an element allows',
  check(ctx) {
    const findings: LintFinding[] = [];
    const reported = new Set<number>();
    for (const v of values(ctx, (e) => (elementSpecs[e.tag]?.labelAttribute ? [elementSpecs[e.tag]?.labelAttribute as string] : []))) {
      const max = elementSpecs[v.element.tag]?.maxLabels;
      if (max === undefined || reported.has(v.source.offset)) continue;
      const parsed = parseLenientValue(v.value);
      if (!parsed.ok || !Array.isArray(parsed.value) || parsed.value.length <= max) continue;
      reported.add(v.source.offset);
      findings.push(ctx.at(v.source.offset, 'too-many-labels', 'error', `<${v.element.tag}> gets ${parsed.value.length} labels${v.origin ? ` for ${v.origin}` : ''}; it allows ${max}`, `use at most ${max} labels, or split the task`));
    }
    return findings;
  },
};

import { elementSpecs } from '../../elements/spec.ts';
import type { LintFinding, LintRule } from '../types.ts';

const nativeFields = new Set(['input', 'select', 'textarea']);
const nonAnswerInputTypes = new Set(['submit', 'button', 'reset', 'image']);

/**
 * Every field that submits needs a `name` (its answer's key), and names must be unique; radios,
 * checkboxes and the crowd elements that merge by name may share one.
 */
export const fieldNames: LintRule = {
  id: 'field-name',
  description: 'form fields without a name or with duplicate names',
  check(ctx) {
    const findings: LintFinding[] = [];
    const seen = new Map<string, string>();
    for (const e of ctx.elements) {
      const spec = elementSpecs[e.tag];
      const native = nativeFields.has(e.tag) && e.ancestors.includes('crowd-form');
      if (!spec?.takesInput && !native) continue;
      const type = (e.attrs.type ?? '').toLowerCase();
      if (native && nonAnswerInputTypes.has(type)) continue;
      const name = e.attrs.name;
      if (name === undefined || name.trim() === '') {
        // A crowd element without a name loses its answer; a native control may be UI only.
        if (spec) findings.push(ctx.at(e.offset, 'field-name', 'error', `<${e.tag}> has no name, so its answer is not submitted`, 'add name="…": it becomes the answer\'s key'));
        else findings.push(ctx.at(e.offset, 'field-name', 'warning', `<${e.tag}${type ? ` type="${type}"` : ''}> inside crowd-form has no name, so its value is not submitted`, 'add name="…" if its value is part of the answer'));
        continue;
      }
      if (name.includes('{{')) continue; // Names built by Liquid are checked on the rendered page only by the browser.
      const shares = spec?.sharesName || (native && (type === 'radio' || type === 'checkbox'));
      const key = `${name}`;
      const previous = seen.get(key);
      if (previous !== undefined && !(shares && previous === e.tag)) {
        findings.push(ctx.at(e.offset, 'field-name', 'error', `name "${name}" is used twice (<${previous}> and <${e.tag}>); one answer overwrites the other`, 'give each field its own name'));
      }
      seen.set(key, e.tag);
    }
    return findings;
  },
};

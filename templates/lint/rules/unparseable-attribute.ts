import { parseLenientValue } from '../../elements/attributes.ts';
import { elementSpecs } from '../../elements/spec.ts';
import { attributeValues, eachDocument, renderedFor } from '../documents.ts';
import type { PageRule } from '../types.ts';

const structured = (tag: string): string[] => {
  const spec = elementSpecs[tag];
  return spec ? [...spec.arrayAttributes, ...spec.objectAttributes] : [];
};

/**
 * Array and object attributes must parse once rendered: JSON, or the JavaScript-style literals
 * AWS's examples use (`['Cat', 'Dog']`, `{ text: 'None' }`). A value that does not parse leaves
 * the element without its labels.
 */
export const unparseableAttribute: PageRule = {
  id: 'unparseable-attribute',
  description: 'array or object attributes that do not parse after rendering',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const v of attributeValues(ctx, structured, doc)) {
        const spec = elementSpecs[v.element.tag];
        const parsed = parseLenientValue(v.value);
        let problem: string | undefined;
        if (!parsed.ok) problem = parsed.error;
        else if (spec?.arrayAttributes.includes(v.attr) && !Array.isArray(parsed.value)) problem = `expected a list, got ${parsed.value === null ? 'null' : typeof parsed.value}`;
        else if (spec?.objectAttributes.includes(v.attr) && (typeof parsed.value !== 'object' || parsed.value === null)) problem = `expected an object, got ${parsed.value === null ? 'null' : typeof parsed.value}`;
        if (problem === undefined) continue;
        const shown = JSON.stringify(v.value.length > 80 ? `${v.value.slice(0, 80)}…` : v.value);
        const detail = problem;
        out.add(`${v.source.offset}:${v.attr}`, () =>
          ctx.at(ctx.attributeOffset(v.source.offset, v.attr), 'unparseable-attribute', 'error', `${v.attr} of <${v.element.tag}> does not parse${renderedFor(v.origin)}: ${detail} (value ${shown})`, 'build it with | to_json | escape (or | to_json inside a single-quoted attribute)'),
        );
      }
    });
  },
};

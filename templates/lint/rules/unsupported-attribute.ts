import { eachDocument, judgedElements, renderedFor } from '../documents.ts';
import type { PageRule } from '../types.ts';

/** Attributes people reach for that an element ignores (reference §4.2), with what to use instead. */
const unsupported: Record<string, Record<string, { effect: string; instead: string }>> = {
  'crowd-radio-button': {
    required: { effect: 'workers can submit without choosing', instead: 'for a required choice use native radios: <input type="radio" name="…" value="…" required>' },
  },
};

/**
 * An attribute the element does not support: the page loads, but what the author meant by it
 * does not happen (a warning). Judged on the source and, when Liquid writes the tag, on renders.
 */
export const unsupportedAttribute: PageRule = {
  id: 'unsupported-attribute',
  description: 'attributes an element ignores (required on crowd-radio-button)',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const { element, source, origin } of judgedElements(ctx, doc)) {
        const attrs = unsupported[element.tag];
        if (!attrs) continue;
        for (const [attr, { effect, instead }] of Object.entries(attrs)) {
          if (element.attrs[attr] === undefined) continue;
          out.add(`${source.offset}:${attr}`, () =>
            ctx.at(ctx.attributeOffset(source.offset, attr), 'unsupported-attribute', 'warning', `<${element.tag}> does not support ${attr}${renderedFor(origin)}, so ${effect}`, instead),
          );
        }
      }
    });
  },
};

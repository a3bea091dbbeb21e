import { elementSpecs } from '../../elements/spec.ts';
import { eachDocument, hasLiquidInTag, judgedElements, renderedFor } from '../documents.ts';
import type { PageRule } from '../types.ts';

/**
 * Attributes an element cannot work without (elementSpecs `required`; `name` has its own rule).
 * Judged on the source, and on each rendered page when Liquid decides whether they are there.
 * A `src` that renders empty loads nothing, so it counts as missing.
 */
export const requiredAttribute: PageRule = {
  id: 'required-attribute',
  description: 'required attributes missing per element',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const { element, source, origin } of judgedElements(ctx, doc)) {
        const spec = elementSpecs[element.tag];
        if (!spec) continue;
        if (origin === undefined && hasLiquidInTag(ctx, element)) continue; // judged once rendered
        for (const attr of spec.required) {
          if (attr === 'name') continue;
          const value = element.attrs[attr];
          if (value === undefined) {
            out.add(`${source.offset}:${attr}`, () =>
              ctx.at(source.offset, 'required-attribute', 'error', `<${element.tag}> has no ${attr} attribute${renderedFor(origin)}; it does not work without one`, `add ${attr}="…" (see the element reference)`),
            );
          } else if (attr === 'src' && value.trim() === '' && (origin !== undefined || !element.dynamic.has(attr))) {
            out.add(`${source.offset}:${attr}`, () =>
              ctx.at(ctx.attributeOffset(source.offset, attr), 'required-attribute', 'error', `src of <${element.tag}> is empty${renderedFor(origin)}, so nothing loads`, 'point src at the object, e.g. src="{{ task.input.taskObject | grant_read_access }}"'),
            );
          }
        }
      }
    });
  },
};

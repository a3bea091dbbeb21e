import { eachDocument, hasLiquidInTag, judgedElements, renderedFor } from '../documents.ts';
import type { PageRule } from '../types.ts';
import { fieldKind } from '../fields.ts';

/**
 * A field's `name` is its key in the answer. A crowd element without one loses its answer (an
 * error); a native control without one may be there for the page only (a warning).
 */
export const missingFieldName: PageRule = {
  id: 'missing-field-name',
  description: 'form fields without a name',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const { element, source, origin } of judgedElements(ctx, doc)) {
        const kind = fieldKind(element);
        if (!kind) continue;
        const name = element.attrs.name;
        if (origin === undefined && (element.dynamic.has('name') || (name === undefined && hasLiquidInTag(ctx, element)))) continue;
        if (origin !== undefined && !source.dynamic.has('name') && source.attrs.name !== undefined) continue;
        if (name !== undefined && name.trim() !== '') continue;
        const what = name === undefined ? 'has no name' : 'has an empty name';
        out.add(String(source.offset), () =>
          kind === 'crowd'
            ? ctx.at(source.offset, 'missing-field-name', 'error', `<${element.tag}> ${what}${renderedFor(origin)}, so its answer is not submitted`, 'add name="…": it becomes the key of this answer')
            : ctx.at(source.offset, 'missing-field-name', 'warning', `<${element.tag}${element.attrs.type ? ` type="${element.attrs.type}"` : ''}> inside crowd-form ${what}${renderedFor(origin)}, so its value is not submitted`, 'add name="…" if its value belongs in the answer'),
        );
      }
    });
  },
};

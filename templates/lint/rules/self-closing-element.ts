import { elementSpecs } from '../../elements/spec.ts';
import { inForeignContent } from '../html.ts';
import type { SourceRule } from '../types.ts';

/**
 * Browsers do not close custom elements written `<crowd-x … />`: what follows ends up inside
 * them (in SVG and MathML `/>` does close them). Documented as breaking for crowd-input (an error); for the others, a warning.
 */
export const selfClosingElement: SourceRule = {
  id: 'self-closing-element',
  description: 'crowd elements written self-closing',
  check(ctx) {
    return ctx.sourceDocument.elements
      .filter((e) => e.tag.startsWith('crowd-') && e.selfClosing && !inForeignContent(e))
      .map((e) =>
        ctx.at(
          e.offset,
          'self-closing-element',
          elementSpecs[e.tag]?.noSelfClosing ? 'error' : 'warning',
          `<${e.tag} … /> is not closed by browsers: what follows it ends up inside it`,
          `write <${e.tag} …></${e.tag}>`,
        ),
      );
  },
};

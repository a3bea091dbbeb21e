import { eachDocument, renderedFor, s3AttributeValues } from '../documents.ts';
import { closestAncestor } from '../html.ts';
import type { LintContext, LintElement, PageRule, TextUri } from '../types.ts';

/** Where text is not shown to the worker: a script's or style's source, a <template>, the tab title. */
const unseenIn: readonly string[] = ['script', 'style', 'template', 'title', 'noscript'];

const unseen = (parent: LintElement | undefined) => parent !== undefined && (unseenIn.includes(parent.tag) || closestAncestor(parent, unseenIn) !== undefined);

/** Attributes whose value is the text a worker works on (not a URL the element loads). */
const textAttributes = (tag: string): readonly string[] => (tag === 'crowd-entity-annotation' ? ['text'] : []);

/** The finding's place came from Liquid (an output or tag), not from text the author wrote. */
const writtenByLiquid = (ctx: LintContext, offset: number) => ctx.source.startsWith('{{', offset) || ctx.source.startsWith('{%', offset);

/**
 * A task input that holds an `s3://` address (a manifest line's `source-ref`, passed on by the
 * PRE) written into the page as text: the worker sees the address, not the object, and labels
 * the address. Ground Truth does not presign `source-ref` (reference §1.5): the object reaches
 * the page only through `grant_read_access` in a src, or as text the PRE read. Judged on rendered
 * pages only, where the address shows, and only where it is all the text (where the object
 * belongs): an address the author wrote, or one set in words (`Object: s3://…`), is meant as
 * text. A warning: a page may show an address on purpose.
 */
export const s3UriAsText: PageRule = {
  id: 's3-uri-as-text',
  description: 'an s3:// address from the task input shown to workers as text instead of the object',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      if (doc.origin === undefined) return;
      for (const text of doc.textUris) {
        if (!text.alone || unseen(text.parent) || !writtenByLiquid(ctx, text.offset)) continue;
        out.add(`${text.offset}`, () => textFinding(ctx, text, doc.origin));
      }
      for (const v of s3AttributeValues(ctx, textAttributes, doc)) {
        out.add(v.key, () =>
          ctx.at(
            v.at,
            's3-uri-as-text',
            'warning',
            `${v.attr} of <${v.element.tag}> is the address ${v.shown}${renderedFor(v.origin)}, so workers label the address, not the object's text`,
            `<${v.element.tag}> takes the text itself: have ${ctx.taskFiles.pre} read the object and return its text in taskInput`,
          ),
        );
      }
    });
  },
};

function textFinding(ctx: LintContext, text: TextUri, origin: string | undefined) {
  const where = text.parent ? `<${text.parent.tag}> shows` : 'the page shows';
  const uri = text.uri.slice(0, 100);
  return ctx.at(
    text.offset,
    's3-uri-as-text',
    'warning',
    `${where} the address ${uri}${renderedFor(origin)}, not the object: workers see the address as text`,
    `show the object through grant_read_access, e.g. <iframe src="{{ … | grant_read_access }}"> for a text file or <img src="{{ … | grant_read_access }}"> for an image, or have ${ctx.taskFiles.pre} read the object and return its text`,
  );
}

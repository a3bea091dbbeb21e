import { eachDocument, renderedFor, s3AttributeValues } from '../documents.ts';
import type { PageRule } from '../types.ts';

/** Attributes a browser loads or follows as a URL, per element: src everywhere, and the few others. */
const urlAttributes: Record<string, readonly string[]> = {
  a: ['src', 'href'],
  area: ['src', 'href'],
  link: ['src', 'href'],
  video: ['src', 'poster'],
  object: ['src', 'data'],
};
const urls = (tag: string): readonly string[] => urlAttributes[tag] ?? ['src'];

/** Browsers cannot load or follow `s3://` URIs: they must go through grant_read_access (or s3_presign). */
export const s3UriNotPresigned: PageRule = {
  id: 's3-uri-not-presigned',
  description: 'an s3:// URI in src (or href, poster, data) that is not passed through grant_read_access',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const v of s3AttributeValues(ctx, urls, doc)) {
        const loads = v.attr === 'href' ? 'follow' : 'load';
        out.add(v.key, () =>
          ctx.at(
            v.at,
            's3-uri-not-presigned',
            'error',
            `${v.attr} of <${v.element.tag}> is ${v.shown}${renderedFor(v.origin)}, which a browser cannot ${loads}`,
            v.origin === undefined ? `write ${v.attr}="{{ '${v.shown}' | grant_read_access }}"` : `add | grant_read_access to the expression in ${v.attr}`,
          ),
        );
      }
    });
  },
};

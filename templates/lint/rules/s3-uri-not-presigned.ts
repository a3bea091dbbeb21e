import { attributeValues, eachDocument, renderedFor } from '../documents.ts';
import type { PageRule } from '../types.ts';

const src = (): string[] => ['src'];

/** Browsers cannot load `s3://` URIs: they must go through grant_read_access (or s3_presign). */
export const s3UriNotPresigned: PageRule = {
  id: 's3-uri-not-presigned',
  description: 'an s3:// URI in src that is not passed through grant_read_access',
  checkPages(ctx) {
    return eachDocument(ctx, (doc, out) => {
      for (const v of attributeValues(ctx, src, doc)) {
        if (!/^\s*s3:\/\//i.test(v.value)) continue;
        const shown = v.value.trim().slice(0, 100);
        out.add(`${v.source.offset}`, () =>
          ctx.at(
            ctx.attributeOffset(v.source.offset, 'src'),
            's3-uri-not-presigned',
            'error',
            `src of <${v.element.tag}> is ${shown}${renderedFor(v.origin)}, which a browser cannot load`,
            v.origin === undefined ? `write src="{{ '${shown}' | grant_read_access }}"` : 'add | grant_read_access to the expression in src',
          ),
        );
      }
    });
  },
};

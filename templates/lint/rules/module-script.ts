import type { SourceRule } from '../types.ts';

/** Ground Truth does not support module scripts in worker templates. */
export const moduleScript: SourceRule = {
  id: 'module-script',
  description: '<script type="module"> (not supported)',
  check(ctx) {
    return ctx.sourceDocument.elements
      .filter((e) => e.tag === 'script' && (e.attrs.type ?? '').trim().toLowerCase() === 'module')
      .map((e) => ctx.at(e.offset, 'module-script', 'error', '<script type="module"> is not supported in worker templates', 'use a classic <script> (bundle modules into one file first, e.g. with esbuild --format=iife)'));
  },
};

import { maxTemplateChars } from '../../engine/limits.ts';
import type { LintRule } from '../types.ts';

export const templateSize: LintRule = {
  id: 'template-too-large',
  description: 'over the 128,000-character template limit',
  check(ctx) {
    if (ctx.source.length <= maxTemplateChars) return [];
    return [ctx.at(maxTemplateChars, 'template-too-large', 'error', `the template has ${ctx.source.length} characters; Ground Truth allows ${maxTemplateChars}`, 'move large scripts, styles and instructions to files served from S3 or a CDN')];
  },
};

import { maxTemplateChars, templateTooLargeHint } from '../../engine/limits.ts';
import type { LintRule } from '../types.ts';

/** Ground Truth refuses a template over 128,000 characters (RenderUiTemplate, CreateLabelingJob). */
export const templateTooLarge: LintRule = {
  id: 'template-too-large',
  description: 'over the 128,000-character template limit',
  check(ctx) {
    if (ctx.source.length <= maxTemplateChars) return [];
    return [
      ctx.at(
        maxTemplateChars,
        'template-too-large',
        'error',
        `the template has ${ctx.source.length} characters; Ground Truth allows ${maxTemplateChars} (this is where the limit falls)`,
        templateTooLargeHint,
      ),
    ];
  },
};

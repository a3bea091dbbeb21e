import { positionOf } from '../../engine/errors.ts';
import { formatCount as count, maxSourceChars, maxTemplateChars, overSourceCapProblem, templateTooLargeHint } from '../../engine/limits.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/** Over gtkit's own cap: the engine will not read it, so lint reports overSourceCapFinding alone. */
export function isOverSourceCap(source: string): boolean {
  return source.length > maxSourceChars;
}

/** The finding for a template over gtkit's cap, at the character where the cap falls. */
export function overSourceCapFinding(source: string, file: string): LintFinding {
  return {
    ruleId: 'template-too-large',
    severity: 'error',
    message: overSourceCapProblem(source.length, 'this is where it falls, and lint checks nothing else until the template is shorter'),
    file,
    ...positionOf(source, maxSourceChars),
    hint: templateTooLargeHint,
  };
}

/**
 * Over RenderUiTemplate's 128,000 characters (reference §3.6), the limit of Ground Truth's
 * preview: the console and the API refuse to render such a template. Whether a job's template
 * (UiTemplateS3Uri) may be longer is not documented, so this is a warning and every other rule
 * still runs; gtkit's preview and dry run render it. Past gtkit's own cap (maxSourceChars)
 * lintTemplate reports overSourceCapFinding alone instead.
 */
export const templateTooLarge: SourceRule = {
  id: 'template-too-large',
  description: `over RenderUiTemplate's ${count(maxTemplateChars)}-character limit (a warning: a job's own limit is not documented)`,
  check(ctx) {
    if (ctx.source.length <= maxTemplateChars) return [];
    const { line, column } = positionOf(ctx.source, maxTemplateChars);
    return [
      {
        ruleId: 'template-too-large',
        severity: 'warning',
        message: `the template has ${count(ctx.source.length)} characters; Ground Truth's preview (RenderUiTemplate, as the console and the API use it) refuses more than ${count(maxTemplateChars)}, and whether a labeling job accepts a longer one is not documented (this is where the limit falls)`,
        file: ctx.file,
        line,
        column,
        hint: `${templateTooLargeHint}, to preview it in the console and to be safe in a job`,
      },
    ];
  },
};

import { positionOf } from '../../engine/errors.ts';
import { maxTemplateChars, templateTooLargeHint } from '../../engine/limits.ts';
import type { LintFinding, SourceRule } from '../types.ts';

/** Over Ground Truth's limit on a worker template (RenderUiTemplate, CreateLabelingJob). */
export function isTooLarge(source: string): boolean {
  return source.length > maxTemplateChars;
}

/** The finding, at the character where the limit falls. lintTemplate reports it alone and stops. */
export function templateTooLargeFinding(source: string, file: string): LintFinding {
  return {
    ruleId: 'template-too-large',
    severity: 'error',
    message: `the template has ${source.length} characters; Ground Truth allows ${maxTemplateChars} (this is where the limit falls; lint checks nothing else until the template fits)`,
    file,
    ...positionOf(source, maxTemplateChars),
    hint: templateTooLargeHint,
  };
}

/**
 * Ground Truth refuses a template over 128,000 characters. lintTemplate checks the size before
 * anything else and, over it, reports templateTooLargeFinding alone and runs no rule, so this
 * entry only lists the rule (its id and description); by the time rules run, the size fits.
 */
export const templateTooLarge: SourceRule = {
  id: 'template-too-large',
  description: 'over the 128,000-character template limit (reported alone: nothing else is checked until it fits)',
  check: () => [],
};

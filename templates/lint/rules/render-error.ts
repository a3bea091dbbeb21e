import { FindingSet } from '../documents.ts';
import type { FailedRender, PageRule } from '../types.ts';

/** A task input the template cannot render with: Ground Truth would show the worker an error. */
export const renderError: PageRule = {
  id: 'render-error',
  description: 'the template fails to render for a task input',
  checkPages(ctx) {
    const out = new FindingSet();
    const failed = ({ origin, error }: FailedRender) =>
      out.add(`${error.line}:${error.column}:${error.problem}`, () => ({
        ruleId: 'render-error',
        severity: 'error',
        message: `rendering for ${origin} fails: ${error.problem}`,
        file: ctx.file,
        line: error.line,
        column: error.column,
        hint: error.hint || 'fix the template at this place, or what the PRE returns',
      }));
    return { failed, findings: () => out.list };
  },
};

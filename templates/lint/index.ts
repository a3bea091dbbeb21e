import { positionOf, TemplateError } from '../engine/errors.ts';
import { attributeOffsetIn, parseElements } from './html.ts';
import { scanLiquid } from './liquid-scan.ts';
import { lintRules } from './rules/index.ts';
import { isTooLarge, templateTooLargeFinding } from './rules/template-too-large.ts';
import { traceTemplate, type TracedTemplate } from './trace.ts';
import type { AnswerFieldExpectation, LintContext, LintDocument, LintFinding, LintTaskInput, MissingRead } from './types.ts';

export type { AnswerFieldExpectation, LintContext, LintDocument, LintElement, LintFinding, LintRule, LintTaskInput, MissingRead } from './types.ts';
export { lintRules } from './rules/index.ts';
export { formatFindings, type FormatOptions } from './format.ts';

export interface LintOptions {
  /** Named in every finding. */
  file: string;
  /**
   * What the PRE produced for the sample manifest lines. With them, the template is rendered
   * with each, the `task.input` paths it reads are checked against them, and rendered attributes
   * are judged too; without them, that cross-check is skipped.
   */
  taskInputs?: LintTaskInput[];
  /**
   * The answer fields the task's ACS reads. With them, lint checks that the template submits
   * each (an element or input with that `name`), and, for a field whose `decodes` says what the
   * ACS decodes, that the element submits that shape; either mistake fails every object.
   */
  answerFields?: readonly AnswerFieldExpectation[];
}

/**
 * Lints a worker template: its Liquid, its Crowd HTML Elements and, given task inputs, what it
 * reads from the PRE's output. Errors are what would break a job; warnings are the rest. Findings
 * come sorted by place.
 *
 * @example
 * const findings = await lintTemplate(source, { file: 'template.liquid.html', taskInputs: [{ origin: 'manifest.jsonl:1', taskInput }] });
 * if (findings.some((f) => f.severity === 'error')) process.exitCode = 1;
 */
export async function lintTemplate(source: string, options: LintOptions): Promise<LintFinding[]> {
  if (typeof source !== 'string') throw new TypeError(`lintTemplate: the template must be text, got ${source === null ? 'null' : typeof source}`);
  const file = options.file;
  // Ground Truth refuses such a template and gtkit's engine will not render it (preview, run), so
  // the other rules would judge a page that never exists, at a cost that grows with the size
  // (1 MB of fields took a minute): the size is the one thing to fix first.
  if (isTooLarge(source)) return [templateTooLargeFinding(source, file)];
  const scan = scanLiquid(source);
  const sourceDocument: LintDocument = { elements: parseElements(scan.masked) };

  let traced: TracedTemplate | undefined;
  let liquidError: TemplateError | undefined;
  try {
    traced = traceTemplate(source, file, scan.tokens);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    liquidError = error;
  }

  const renders: LintDocument[] = [];
  const missingReads: MissingRead[] = [];
  const renderErrors: LintContext['renderErrors'] = [];
  if (traced && options.taskInputs) {
    for (const { origin, taskInput } of options.taskInputs) {
      try {
        const page = await traced.render(taskInput, origin);
        renders.push({ origin, elements: parseElements(page.html, page.toSource) });
        missingReads.push(...page.missingReads);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        renderErrors.push({ origin, error });
      }
    }
  }

  const ctx: LintContext = {
    file,
    source,
    maskedSource: scan.masked,
    liquidTokens: scan.tokens,
    sourceDocument,
    renders,
    documents: [sourceDocument, ...renders],
    ...(liquidError ? { liquidError } : {}),
    unknownFilters: traced?.unknownFilters ?? [],
    ...(options.taskInputs ? { taskInputs: options.taskInputs } : {}),
    ...(options.answerFields ? { answerFields: options.answerFields } : {}),
    missingReads,
    renderErrors,
    at(offset, ruleId, severity, message, hint) {
      const { line, column } = positionOf(source, offset);
      return { ruleId, severity, message, file, line, column, hint };
    },
    attributeOffset: (offset, name) => attributeOffsetIn(scan.masked, offset, name),
    exclusive: scan.exclusive,
    branchAt: scan.branchAt,
  };
  const findings = lintRules.flatMap((rule) => rule.check(ctx));
  return sortFindings(findings);
}

/** By line, column, errors before warnings, then rule id and message: the same input always gives the same order. */
function sortFindings(findings: LintFinding[]): LintFinding[] {
  const rank = (f: LintFinding) => (f.severity === 'error' ? 0 : 1);
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId) || a.message.localeCompare(b.message));
}

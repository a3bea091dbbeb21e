import { compileTemplate, type CompiledTemplate } from '../engine/engine.ts';
import { codeFrame, positionOf, TemplateError } from '../engine/errors.ts';
import { parseElements } from './html.ts';
import { lintRules } from './rules/index.ts';
import type { HtmlElement, LintContext, LintFinding, RenderedInput } from './types.ts';

export type { LintFinding, LintRule } from './types.ts';
export { lintRules } from './rules/index.ts';

export interface LintOptions {
  file: string;
  /** PRE outputs for the sample manifest lines; enables the task.input cross-check. */
  taskInputs?: Array<{ origin: string; taskInput: unknown }>;
}

/**
 * Lints a worker template: Liquid, the Crowd HTML Elements and, with task inputs, what the PRE
 * produces. Errors are what would break a job; warnings are the rest.
 */
export async function lintTemplate(source: string, options: LintOptions): Promise<LintFinding[]> {
  const file = options.file;
  let compiled: CompiledTemplate | undefined;
  let liquidError: TemplateError | undefined;
  try {
    compiled = compileTemplate(source, { file });
  } catch (error) {
    if (error instanceof TemplateError) liquidError = error;
    else throw error;
  }
  const renders: RenderedInput[] = [];
  const renderFindings: LintFinding[] = [];
  if (compiled && options.taskInputs) {
    for (const t of options.taskInputs) {
      try {
        const html = await compiled.render(t.taskInput);
        renders.push({ origin: t.origin, html, elements: parseElements(html) });
      } catch (error) {
        const e = error as TemplateError;
        renderFindings.push({ ruleId: 'render-error', severity: 'error', message: `rendering for ${t.origin} failed: ${e.problem ?? e.message}`, file, line: e.line ?? 1, column: e.column ?? 1, hint: e.hint || 'fix the template or the PRE output' });
      }
    }
  }
  const elements = parseElements(source);
  const ctx: LintContext = {
    file,
    source,
    elements,
    renders,
    ...(liquidError ? { liquidError } : {}),
    ...(options.taskInputs ? { taskInputs: options.taskInputs } : {}),
    at(offset, ruleId, severity, message, hint) {
      const { line, column } = positionOf(source, offset);
      return { ruleId, severity, message, file, line, column, hint };
    },
    sourceOf(rendered: HtmlElement) {
      return elements.find((e) => e.tag === rendered.tag && e.occurrence === rendered.occurrence) ?? elements.find((e) => e.tag === rendered.tag);
    },
  };
  const findings = [...lintRules.flatMap((rule) => rule.check(ctx)), ...renderFindings];
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** Findings for people (`file:line:col severity rule: message`, a code frame and the fix) or as JSON. */
export function formatFindings(findings: LintFinding[], options: { json?: boolean; source?: string } = {}): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (options.json) return JSON.stringify({ findings, errors, warnings }, null, 2);
  const lines = findings.map((f) => {
    const frame = options.source ? `\n${codeFrame(options.source, f.line, f.column)}` : '';
    return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.ruleId}: ${f.message}${frame}\n  fix: ${f.hint}`;
  });
  lines.push(findings.length === 0 ? 'no problems found' : `${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n');
}

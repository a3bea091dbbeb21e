import { compareIds } from '../../lambdas/consolidation/order.ts';
import { positionOf, TemplateError } from '../engine/errors.ts';
import { attributeOffsetIn, parseDocument } from './html.ts';
import { scanLiquid } from './liquid-scan.ts';
import { lintRules } from './rules/index.ts';
import { isOverSourceCap, overSourceCapFinding } from './rules/template-too-large.ts';
import { traceTemplate, type TracedRender, type TracedTemplate } from './trace.ts';
import type { AnswerFieldExpectation, ConfigPlace, LintContext, TaskFileNames, LintDocument, LintFinding, LintRule, LintTaskInput, PageCheck, RenderedPage } from './types.ts';

export type { AnswerFieldExpectation, ConfigPlace, FailedRender, LintContext, LintDocument, LintElement, LintFinding, LintRule, LintTaskInput, MissingRead, PageCheck, PageRule, PageTally, RenderedPage, SourceRule, TaskFileNames } from './types.ts';
export { lintRules } from './rules/index.ts';
export { formatFindings, type FormatOptions } from './format.ts';

export interface LintOptions {
  /** Named in every finding. */
  file: string;
  /**
   * What the PRE produced for the sample manifest lines. With them, the template is rendered
   * with each, the `task.input` paths it reads are checked against them, and rendered attributes
   * are judged too; without them, that cross-check is skipped. Read one at a time, in order: the
   * next is asked for only once the page of the one before is checked and dropped, so a lazy
   * sequence (a generator) never has more than one in flight, and a caller may count progress
   * as they are taken. Not read at all when the Liquid does not parse. Give each input its own
   * `origin` (gtkit gives a manifest line's place): findings count task inputs, not origins.
   */
  taskInputs?: Iterable<LintTaskInput> | AsyncIterable<LintTaskInput>;
  /**
   * The answer fields the task's ACS reads. With them, lint checks that the template submits
   * each (an element or input with that `name`), and, for a field whose `decodes` says what the
   * ACS decodes, that the element submits that shape; either mistake fails every object.
   */
  answerFields?: readonly AnswerFieldExpectation[];
  /**
   * The other answer fields the ACS keeps as they are (`consolidation.keepFields`). With
   * `answerFields`, a field the template submits that is in neither list is a warning: its
   * answers never reach the output manifest.
   */
  keptFields?: readonly string[];
  /**
   * The task's labels (the task config's `labels`), the only ones its ACS knows. With them, a
   * label list written out in the template (`categories='["refund","other"]'`, not one Liquid
   * builds) is checked against them: a label only the template offers is an error (the ACS leaves
   * out what workers answer with it, as lambdas/task-types/known-labels.ts screens answers), a
   * task label the template never offers a warning. With `answerFields`, only
   * the element submitting a field the ACS reads is checked.
   */
  knownLabels?: readonly string[];
  /**
   * The task's PRE, ACS and config as hints should name them, relative to the task folder
   * (a config's `files.pre` may be `pre.js`); by default a scaffolded task's names.
   */
  taskFiles?: Partial<TaskFileNames>;
  /**
   * Where a field of the task config is written (`consolidation.keepFields[1]` → the config file,
   * line and column). With it, a finding whose fix is in the config (kept-field-not-submitted) is
   * placed there instead of on the template.
   */
  configPlace?: (path: string) => ConfigPlace;
}

const scaffoldedTaskFiles: TaskFileNames = { pre: 'pre.ts', acs: 'acs.ts', config: 'gtkit.config.ts' };

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
  // gtkit's engine will not read a template past its cap (preview, run), so the other rules would
  // judge a page that never exists, at a cost that grows with the size: the size is the one
  // thing to fix first. Over RenderUiTemplate's 128,000 characters is only a warning (rule
  // template-too-large), and every rule runs.
  if (isOverSourceCap(source)) return [overSourceCapFinding(source, file)];
  const scan = scanLiquid(source);
  const sourceDocument: LintDocument = parseDocument(scan.masked, undefined, { rawTextLiquid: true, quotedAttributeLiquid: true });
  const sourceElements = new Map(sourceDocument.elements.map((e) => [e.offset, e]));

  let traced: TracedTemplate | undefined;
  let liquidError: TemplateError | undefined;
  try {
    traced = traceTemplate(source, file, scan.tokens);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    liquidError = error;
  }

  const ctx: LintContext = {
    file,
    source,
    maskedSource: scan.masked,
    liquidTokens: scan.tokens,
    sourceDocument,
    sourceElementAt: (offset) => sourceElements.get(offset),
    ...(liquidError ? { liquidError } : {}),
    unknownFilters: traced?.unknownFilters ?? [],
    ...(options.answerFields ? { answerFields: options.answerFields } : {}),
    ...(options.keptFields ? { keptFields: options.keptFields } : {}),
    ...(options.knownLabels ? { knownLabels: options.knownLabels } : {}),
    taskFiles: { ...scaffoldedTaskFiles, ...options.taskFiles },
    ...(options.configPlace ? { configPlace: options.configPlace } : {}),
    at(offset, ruleId, severity, message, hint) {
      const { line, column } = positionOf(source, offset);
      return { ruleId, severity, message, file, line, column, hint };
    },
    attributeOffset: (offset, name) => attributeOffsetIn(scan.masked, offset, name),
    exclusive: scan.exclusive,
    branchAt: scan.branchAt,
  };
  const checks = lintRules.map((rule) => startRule(rule, ctx));
  let taskInputs = 0;
  let pages = 0;
  if (traced && options.taskInputs) {
    for await (const input of options.taskInputs) {
      taskInputs++;
      if (await checkPage(traced, input, checks)) pages++;
    }
  } else if (options.taskInputs) await closeUnread(options.taskInputs);
  const findings = checks.flatMap((check) => check.findings({ taskInputs, pages }));
  return sortFindings(findings);
}

/**
 * Renders the page for one task input and shows it to every rule (or the failure, when it does
 * not render); false when it does not. The page lives only in this call: the rules keep what
 * their messages need, so lint holds one page at a time, whatever the number of task inputs.
 */
async function checkPage(traced: TracedTemplate, { origin, taskInput }: LintTaskInput, checks: readonly PageCheck[]): Promise<boolean> {
  let rendered: TracedRender;
  try {
    rendered = await traced.render(taskInput, origin);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    for (const check of checks) check.failed?.({ origin, error });
    return false;
  }
  const page: RenderedPage = { origin, ...parseDocument(rendered.html, rendered.toSource), missingReads: rendered.missingReads };
  for (const check of checks) check.page?.(page);
  return true;
}

/**
 * Lets a sequence of task inputs lint will not read (the Liquid does not parse) release what it
 * holds, as a finished `for … of` would: a caller's stream or generator is closed, not left open.
 */
async function closeUnread(inputs: Iterable<LintTaskInput> | AsyncIterable<LintTaskInput>): Promise<void> {
  const iterator = Symbol.asyncIterator in inputs ? inputs[Symbol.asyncIterator]() : inputs[Symbol.iterator]();
  await iterator.return?.();
}

/** A source rule's findings need no page; a page rule is started on the source and shown the pages. */
function startRule(rule: LintRule, ctx: LintContext): PageCheck {
  if ('checkPages' in rule) return rule.checkPages(ctx);
  return { findings: () => rule.check(ctx) };
}

/** By line, column, errors before warnings, then rule id and message: the same input always gives the same order, whatever the machine's locale. */
function sortFindings(findings: LintFinding[]): LintFinding[] {
  const rank = (f: LintFinding) => (f.severity === 'error' ? 0 : 1);
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || rank(a) - rank(b) || compareIds(a.ruleId, b.ruleId) || compareIds(a.message, b.message));
}

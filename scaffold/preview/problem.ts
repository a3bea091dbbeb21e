import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { codeFrame, TemplateError } from '../../templates/engine/errors.ts';
import type { LintFinding } from '../../templates/lint/types.ts';
import { esbuildPlace } from '../build/esbuild-place.ts';

/** Which part of the task a problem is in; the error page says it in words. */
export type ProblemStage = 'config' | 'manifest' | 'pre' | 'template' | 'lint';

/**
 * One thing the preview cannot show, with where it is: every error page and the index list
 * these, always as `file:line:col: message`, with a code frame when the file can be read.
 */
export interface PreviewProblem {
  stage: ProblemStage;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  hint?: string;
  codeFrame?: string;
  /** Another place worth naming, e.g. the manifest line the PRE failed on. */
  while?: string;
  /** About a file as a whole (a manifest with no data objects), not the line it is placed at. */
  wholeFile?: true;
}

/** `file:line:col` relative to the task folder when inside it. */
export function place(p: Pick<PreviewProblem, 'file' | 'line' | 'column'>, base?: string): string {
  const file = base ? relativeTo(base, p.file) : p.file;
  return `${file}:${p.line}:${p.column}`;
}

function relativeTo(base: string, file: string): string {
  const rel = relative(base, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** One line of text per problem: `file:line:col: message` (+ hint). */
export function formatProblem(p: PreviewProblem, base?: string): string {
  const hint = p.hint ? `\n  fix: ${p.hint}` : '';
  const extra = p.while ? ` (${p.while})` : '';
  return `${place(p, base)}: ${p.message}${extra}${hint}`;
}

/** A code frame read from the file itself; empty when the file cannot be read. */
export function frameFromFile(file: string, line: number, column: number): string {
  const text = fileText(file);
  return text === undefined ? '' : codeFrame(text, line, column);
}

/** The text of a file frames are cut from; undefined when it cannot be read. */
export function fileText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** A render or parse error of the template. */
export function fromTemplateError(error: TemplateError): PreviewProblem {
  return {
    stage: 'template',
    file: error.file,
    line: error.line,
    column: error.column,
    message: error.problem,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(error.codeFrame ? { codeFrame: error.codeFrame } : {}),
  };
}

/** A lint finding of the template (its line and column are into the template source). */
export function fromLintFinding(finding: LintFinding, source?: string): PreviewProblem {
  return {
    stage: 'lint',
    file: finding.file,
    line: finding.line,
    column: finding.column,
    message: `${finding.ruleId}: ${finding.message}`,
    ...(finding.hint ? { hint: finding.hint } : {}),
    ...(source !== undefined ? { codeFrame: codeFrame(source, finding.line, finding.column) } : {}),
  };
}

/**
 * Any error: a TemplateError keeps its place; others get theirs from the message where esbuild
 * names one (`…:12:4: ERROR`, a config that does not compile), else line 1, column 1. A given
 * hint wins.
 */
export function fromError(stage: ProblemStage, file: string, error: unknown, hint?: string): PreviewProblem {
  if (error instanceof TemplateError) return { ...fromTemplateError(error), stage, ...(hint ? { hint } : {}) };
  const message = error instanceof Error ? error.message : String(error);
  const at = esbuildPlace(message, file);
  const { line, column } = at ?? { line: 1, column: 1 };
  const frame = at ? frameFromFile(file, line, column) : '';
  return { stage, file, line, column, message: stripPlace(message, file), ...(hint ? { hint } : {}), ...(frame ? { codeFrame: frame } : {}) };
}

/** Drops a leading `file: ` or `file:line:col: ` the message already starts with (the page shows the place once). */
function stripPlace(message: string, file: string): string {
  return message.startsWith(file) ? message.slice(file.length).replace(/^(?::\d+:\d+)?:\s*/, '') : message;
}

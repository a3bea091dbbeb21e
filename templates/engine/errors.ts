import { LiquidError } from 'liquidjs';
import { knownFilters } from './filters.ts';
import { closest } from '../../lambdas/contracts/suggest.ts';

/** What went wrong, as a stable code that tools can switch on. */
export type TemplateErrorCode =
  | 'template-too-large'
  | 'syntax'
  | 'unknown-tag'
  | 'unknown-filter'
  | 'undefined-variable'
  | 'limit'
  | 'presign'
  | 'render';

/**
 * A template problem with its place: file, 1-based line and column, a code frame, a stable
 * `code` and a `hint` that says what to do. Its message reads `file:line:col: problem`.
 */
export class TemplateError extends Error {
  constructor(
    /** The problem alone, without the place. */
    readonly problem: string,
    readonly file: string,
    readonly line: number,
    readonly column: number,
    readonly codeFrame: string,
    readonly code: TemplateErrorCode,
    readonly hint: string,
  ) {
    super(`${file}:${line}:${column}: ${problem}${hint ? `\n  hint: ${hint}` : ''}${codeFrame ? `\n${codeFrame}` : ''}`);
    this.name = 'TemplateError';
  }
}

/** A code frame: the line with a caret under the column, and a line of context either side. */
export function codeFrame(source: string, line: number, column: number): string {
  const lines = source.split('\n');
  if (line < 1 || line > lines.length) return '';
  const out: string[] = [];
  for (let n = Math.max(1, line - 1); n <= Math.min(lines.length, line + 1); n++) {
    // Long lines (minified scripts) are cut around the column so the caret stays in view.
    const text = (lines[n - 1] ?? '').replace(/\r$/, '');
    const start = n === line && column > 160 ? column - 80 : 0;
    const shown = `${start > 0 ? '…' : ''}${text.slice(start, start + 200)}${text.length > start + 200 ? '…' : ''}`;
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(4)} | ${shown}`);
    if (n === line) out.push(`       | ${' '.repeat(Math.max(0, column - 1 - start + (start > 0 ? 1 : 0)))}^`);
  }
  return out.join('\n');
}

/** 1-based line and column of a character offset. */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(0, offset), source.length);
  for (let i = source.indexOf('\n'); i !== -1 && i < end; i = source.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

const tagHint = 'Ground Truth templates use Shopify Liquid tags: if, unless, case, for, capture, assign, … (no include or render: a template is one file)';
const classify: Array<{ test: RegExp; code: TemplateErrorCode; hint: (m: RegExpExecArray) => string }> = [
  {
    test: /undefined filter: ([\w-]+)/,
    code: 'unknown-filter',
    hint: (m) => {
      const guess = closest(m[1] ?? '', knownFilters);
      return `${guess ? `did you mean ${guess}? ` : ''}Ground Truth has Shopify's standard filters plus escape, escape_once, skip_autoescape, to_json, grant_read_access and s3_presign`;
    },
  },
  { test: /undefined variable: (\S+)/, code: 'undefined-variable', hint: () => 'the PRE Lambda must put this field in taskInput (the template sees it as task.input.…), or guard it with {% if %}' },
  { test: /tag "?([\w-]+)"? not found/, code: 'unknown-tag', hint: () => tagHint },
  { test: /limit exceeded/, code: 'limit', hint: () => 'a loop or string grows without bound; limit the range or the data the template walks through' },
  { test: /not closed|unexpected|illegal|invalid|expected|not valid/i, code: 'syntax', hint: () => 'close every {{ … }}, {% … %} and block tag ({% if %}…{% endif %}, {% for %}…{% endfor %})' },
];

/**
 * Turns whatever parsing or rendering threw into a TemplateError at the right place: liquidjs
 * errors carry their token's position; other errors (a failing presign resolver) land at 1:1.
 */
export function toTemplateError(error: unknown, source: string, file: string): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  let line = 1;
  let column = 1;
  const position = LiquidError.is(error) ? (error as unknown as { token?: { getPosition?: () => [number, number] } }).token?.getPosition?.() : undefined;
  if (position) [line, column] = position;
  else {
    const m = /line:(\d+), col:(\d+)/.exec(message);
    if (m) [line, column] = [Number(m[1]), Number(m[2])];
  }
  const problem = message.replace(/(?:, file:[^,]*)?, line:\d+, col:\d+$/, '').replace(/\n[\s\S]*$/, '');
  if (failedInPresign(error)) {
    const hint = 'grant_read_access / s3_presign failed: check the AWS credentials and region, or that the URI names an object';
    return new TemplateError(problem, file, line, column, codeFrame(source, line, column), 'presign', hint);
  }
  const found = classify.map((c) => ({ c, m: c.test.exec(problem) })).find((x) => x.m);
  const code: TemplateErrorCode = found ? found.c.code : 'render';
  const hint = found?.m ? found.c.hint(found.m) : '';
  return new TemplateError(problem, file, line, column, codeFrame(source, line, column), code, hint);
}

/** A non-Liquid error thrown while an output that presigns was rendering: the resolver failed. */
function failedInPresign(error: unknown): boolean {
  if (!LiquidError.is(error)) return false;
  const cause = (error as { originalError?: unknown }).originalError;
  if (cause === undefined || LiquidError.is(cause)) return false;
  const text = (error as unknown as { token?: { getText?: () => string } }).token?.getText?.() ?? '';
  return /\b(grant_read_access|s3_presign)\b/.test(text);
}

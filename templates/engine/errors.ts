import { LiquidError, ParseError, type Token } from 'liquidjs';
import { knownFilters, knownTagNames } from './filters.ts';
import { formatCount, maxBlockNesting, renderGuards } from './limits.ts';
import { foreignOperatorAt } from './operator-mistakes.ts';
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

/**
 * A branch or end tag that no open block takes (block-tags.ts writes the problem: what is open,
 * where, and what closes it). toTemplateError knows it by its class, not by its wording.
 */
export class StrayTagError extends ParseError {
  constructor(problem: string, token: Token) {
    super(new Error(problem), token);
  }
}

/** Line breaks as editors count them: CRLF once, a lone CR or LF once each. */
const lineBreak = /\r\n?|\n/g;

/**
 * A code frame: the line with a caret under the column, and a line of context either side. Lint
 * asks for one per finding, so the lines are read from the cached line starts (lineStarts), not
 * split out of the whole source each time.
 */
export function codeFrame(source: string, line: number, column: number): string {
  const starts = lineStarts(source);
  if (line < 1 || line > starts.length) return '';
  const out: string[] = [];
  for (let n = Math.max(1, line - 1); n <= Math.min(starts.length, line + 1); n++) {
    // Long lines (minified scripts) are cut around the column so the caret stays in view.
    const text = lineText(source, starts, n);
    const start = n === line && column > 160 ? column - 80 : 0;
    const shown = `${start > 0 ? '…' : ''}${text.slice(start, start + 200)}${text.length > start + 200 ? '…' : ''}`;
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(4)} | ${shown}`);
    if (n === line) {
      // Tabs stay tabs under the text so the caret lines up however wide the terminal draws them.
      const under = text.slice(start, column - 1).replace(/[^\t]/g, ' ');
      const past = ' '.repeat(Math.max(0, column - 1 - Math.max(start, text.length)));
      out.push(`       | ${start > 0 ? ' ' : ''}${under}${past}^`);
    }
  }
  return out.join('\n');
}

/** Line `n` (1-based) without its line break. */
function lineText(source: string, starts: readonly number[], n: number): string {
  const begin = starts[n - 1] ?? 0;
  const next = starts[n];
  if (next === undefined) return source.slice(begin);
  const breakLength = source.charCodeAt(next - 1) === 0x0a && source.charCodeAt(next - 2) === 0x0d ? 2 : 1;
  return source.slice(begin, next - breakLength);
}

/**
 * 1-based line and column of a character offset, as an editor shows them: `\r\n`, `\r` and `\n`
 * each end a line, columns count UTF-16 units, and a leading byte-order mark is not a column.
 */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  const end = Math.min(Math.max(0, offset), source.length);
  const starts = lineStarts(source);
  // The last line that starts at or before the offset (an offset on the \n of \r\n is still on its line).
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= end) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: Math.max(1, end - (starts[lo] ?? 0) + 1) };
}

// Lint places and frames thousands of findings in one source: keep the line starts of the last one.
let lastLines: { source: string; starts: number[] } | undefined;

/** Offsets where each line starts; line 1 starts after a byte-order mark. */
function lineStarts(source: string): number[] {
  if (lastLines?.source === source) return lastLines.starts;
  const starts = [source.charCodeAt(0) === 0xfeff ? 1 : 0];
  for (const m of source.matchAll(lineBreak)) starts.push(m.index + m[0].length);
  lastLines = { source, starts };
  return starts;
}

const tagHint = 'Ground Truth templates use Shopify Liquid tags: if, unless, case, for, capture, assign, … (no include or render: a template is one file)';
const blockHint = 'blocks close innermost first, each with its own end tag: {% if %}…{% endif %}, {% for %}…{% endfor %}, {% unless %}…{% endunless %}, {% case %}…{% endcase %}, {% capture %}…{% endcapture %}';
const fixGrowth = 'limit the range or the data the template walks through, or do the heavy work in the PRE Lambda';
// gtkit's guards (limits.ts), not Ground Truth's: say so, and that legal but heavy work reaches them too.
const memoryHint = `this render did more work than gtkit allows (${formatCount(renderGuards.memoryLimit)} characters and items written, copied or built, counted over the whole render); a loop or string that grows without bound is the usual cause, but many passes over a long text (replace in a loop, say) add up too: ${fixGrowth}`;
const timeHint = `this render took longer than gtkit allows (${formatCount(renderGuards.renderLimit)} ms); a loop or string that grows without bound is the usual cause, but heavy legal work on a slow machine can get there too: ${fixGrowth}`;
const presignTimeHint = `presigning took most of the ${formatCount(renderGuards.renderLimit)} ms gtkit allows a render: the AWS SDK may wait for credentials on its first call (SSO, assume-role, credential_process); render again, or check the credentials and network`;
const growthHint = `this template did more work than gtkit allows; a loop or string that grows without bound is the usual cause: ${fixGrowth}`;

interface Classification {
  test: RegExp;
  code: TemplateErrorCode;
  /** The hint, from the message's match and, for a syntax error, the source and where it failed. */
  hint: (m: RegExpExecArray, source: string, offset: number) => string;
  /** Only for errors thrown while parsing (liquidjs ParseError / TokenizationError). */
  parsing?: boolean;
}

/** liquidjs and V8 messages → code and hint; the first match wins. */
const classify: Classification[] = [
  {
    test: /undefined filter: ([\w-]+)/,
    code: 'unknown-filter',
    hint: (m) => {
      const guess = closest(m[1] ?? '', knownFilters);
      return `${guess ? `did you mean ${guess}? ` : ''}Ground Truth has Shopify's standard filters plus escape, escape_once, skip_autoescape, to_json, grant_read_access and s3_presign`;
    },
  },
  { test: /undefined variable: (\S+)/, code: 'undefined-variable', hint: () => 'the PRE Lambda must put this field in taskInput (the template sees it as task.input.…), or guard it with {% if %}' },
  {
    test: /tag "?([\w-]+)"? not found/,
    code: 'unknown-tag',
    hint: (m) => {
      const guess = closest(m[1] ?? '', knownTagNames);
      // A known name reaches here only where no block takes it (block-tags.ts words those): never suggest the name itself.
      return `${guess && guess !== m[1] ? `did you mean ${guess}? ` : ''}${tagHint}`;
    },
  },
  {
    test: /nested more than \d+ levels/,
    code: 'limit',
    hint: () => `flatten the template: use elsif, case/when, and/or or a second loop instead of nesting deeper (Shopify Liquid also stops at ${maxBlockNesting}: "Nesting too deep")`,
  },
  { test: /went into grant_read_access/, code: 'limit', hint: () => presignTimeHint },
  { test: /^memory alloc limit exceeded/, code: 'limit', hint: () => memoryHint },
  { test: /^template render limit exceeded/, code: 'limit', hint: () => timeHint },
  { test: /limit exceeded/, code: 'limit', hint: () => growthHint },
  // V8's own limits, should a template get past the guards above.
  { test: /^Invalid (?:string|array) length$/, code: 'limit', hint: () => growthHint },
  { test: /^Maximum call stack size exceeded$/, code: 'limit', hint: () => 'nested too deeply to render: flatten the template, or the task input if it nests hundreds of levels' },
  { test: /base64_decode/, code: 'render', hint: () => 'base64_decode needs Base64 text (A–Z, a–z, 0–9, + and /, with = padding)' },
  {
    test: /^url_encode cannot encode/,
    code: 'render',
    hint: () => 'the text holds half of an emoji or other character outside the Basic Multilingual Plane, usually from cutting a string between the two halves: fix the text where it is made (the PRE Lambda or the manifest)',
  },
  { test: /^invalid integer: a range bound/, code: 'render', hint: () => 'write (first..last) with numbers or number-like text: Liquid ranges count in whole numbers' },
  { test: /^raw .* not closed$/, parsing: true, code: 'syntax', hint: () => endrawHint },
  { test: /not closed(?:$|:)/, parsing: true, code: 'syntax', hint: () => closeHint },
  // Anything else that fails to parse is a tag or output written wrongly: show how that tag is written.
  { test: /./, parsing: true, code: 'syntax', hint: (_, source, offset) => syntaxHint(source, offset) },
];

const closeHint = 'close every {{ … }}, {% … %} and block tag ({% if %}…{% endif %}, {% for %}…{% endfor %})';
const endrawHint = 'close it with {% endraw %}, without a - after its {%: liquidjs (gtkit) and Liquid before 5.5 read {%- endraw %} as text';

/** How each tag (and an output) is written, for the hint of a syntax error inside one. */
const tagSyntax: Readonly<Record<string, string>> = {
  output: '{{ value | filter: argument, argument }}',
  assign: '{% assign name = value | filter: argument %}',
  capture: '{% capture name %}…{% endcapture %}',
  for: '{% for item in collection limit: 5 offset: 2 reversed %}…{% else %}…{% endfor %}, or (1..n) as the collection',
  tablerow: '{% tablerow item in collection cols: 3 %}…{% endtablerow %}',
  if: '{% if a == b and c contains "x" %}…{% elsif d %}…{% else %}…{% endif %}',
  elsif: '{% if a == b %}…{% elsif c != d %}…{% endif %}',
  unless: '{% unless a == b %}…{% endunless %}',
  case: '{% case value %}{% when "a", "b" %}…{% else %}…{% endcase %}',
  when: '{% case value %}{% when "a", "b" %}…{% endcase %}',
  cycle: '{% cycle "odd", "even" %}, or {% cycle "group": "odd", "even" %}',
  echo: '{% echo value | filter: argument %}',
  increment: '{% increment name %}',
  decrement: '{% decrement name %}',
};

/**
 * The hint for a syntax error other than an unclosed tag: how the tag it falls in is written. The
 * tag is read from the source: the nearest `{{` or `{%` at or before the error, or the line's
 * first word inside a `{% liquid %}` tag.
 */
function syntaxHint(source: string, offset: number): string {
  const output = source.lastIndexOf('{{', offset);
  const tag = source.lastIndexOf('{%', offset);
  let name = output > tag ? 'output' : /^\{%-?\s*(\w+)/.exec(source.slice(tag, tag + 200))?.[1];
  if (name === 'liquid') {
    const lineStart = Math.max(source.lastIndexOf('\n', offset - 1), source.lastIndexOf('\r', offset - 1)) + 1;
    name = /^\s*(\w+)/.exec(source.slice(lineStart, lineStart + 200))?.[1];
  }
  const usage = name === undefined || tag === -1 && output === -1 ? undefined : tagSyntax[name];
  const unclosed = name === 'output' ? unclosedOutputAt(source, output) : undefined;
  if (unclosed) {
    const { line, column } = positionOf(source, output);
    // The example is the user's own output up to the tag, closed: where the }} most likely belongs.
    const written = source.slice(output + 2, unclosed.at).replace(/^-/, '').replace(/\s+/g, ' ').trim();
    const expression = written === '' ? 'task.input.taskObject' : written.length > 60 ? `${written.slice(0, 60)}…` : written;
    return `the {{ at ${line}:${column} is probably not closed: it runs into ${unclosed.tag} before the next }}; close it with }} where the value ends (e.g. {{ ${expression} }})`;
  }
  return usage ? `write it as ${usage}` : 'check how the tag is written against Shopify\'s Liquid reference (shopify.github.io/liquid)';
}

/**
 * The HTML tag an output whose }} is missing runs into, and the tag's offset, when liquidjs read
 * on to a later output's }}: another {{ before the next }} says the output was not closed, and a
 * tag before that {{ is where it should have been (a tag in a closed output's text, as in
 * replace: "\n", "<br>", is not). Undefined otherwise.
 */
function unclosedOutputAt(source: string, begin: number): { tag: string; at: number } | undefined {
  const end = source.indexOf('}}', begin + 2);
  const next = source.indexOf('{{', begin + 2);
  if (end === -1 || next === -1 || next > end) return undefined;
  const tag = /<\/?[A-Za-z][\w-]*/.exec(source.slice(begin + 2, next));
  return tag ? { tag: `${tag[0]}>`, at: begin + 2 + tag.index } : undefined;
}

/**
 * Turns whatever parsing or rendering threw into a TemplateError at the right place: liquidjs
 * errors carry their token's position; other errors (a failing presign resolver) land at 1:1.
 */
export function toTemplateError(error: unknown, source: string, file: string): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const offset = offsetOf(error, message, source);
  const { line, column } = offset === undefined ? { line: 1, column: 1 } : positionOf(source, offset);
  const frame = codeFrame(source, line, column);
  const raw = message.replace(/(?:, file:[^,]*)?, line:\d+, col:\d+$/, '').replace(/\n[\s\S]*$/, '');
  const parsing = error instanceof Error && (error.name === 'ParseError' || error.name === 'TokenizationError');
  const foreign = parsing && offset !== undefined ? foreignOperatorAt(source, offset) : undefined;
  if (foreign) {
    const problem = `${foreign.written} is not a Liquid operator: write ${foreign.liquid}`;
    return new TemplateError(problem, file, line, column, frame, 'syntax', 'Liquid conditions use and, or, == and != (there is no &&, ||, === or !==, and no parentheses)');
  }
  if (error instanceof StrayTagError) return new TemplateError(raw, file, line, column, frame, 'syntax', blockHint);
  const found = classify.map((c) => ({ c, m: (!c.parsing || parsing) && c.test.exec(raw) })).find((x) => x.m);
  // A resolver's own error (no credentials) is a presign failure; gtkit's limits stay limits.
  if (found?.c.code !== 'limit' && failedInPresign(error)) {
    const hint = 'grant_read_access / s3_presign failed: check the AWS credentials and region, or that the URI names an object';
    return new TemplateError(raw, file, line, column, frame, 'presign', hint);
  }
  const code: TemplateErrorCode = found ? found.c.code : 'render';
  const hint = found?.m ? found.c.hint(found.m, source, offset ?? 0) : '';
  return new TemplateError(raw, file, line, column, frame, code, hint);
}

/**
 * The offset in `source` where a liquidjs error happened, if it says. liquidjs counts only `\n`
 * as a line break and the BOM as a column, so its line:col is turned back into an offset (and
 * placed again with positionOf).
 */
function offsetOf(error: unknown, message: string, source: string): number | undefined {
  const token = LiquidError.is(error) ? (error as unknown as { token?: { begin?: unknown; input?: unknown; getPosition?: () => [number, number] } }).token : undefined;
  if (token && typeof token.begin === 'number' && token.input === source) return token.begin;
  const position = token?.getPosition?.() ?? /line:(\d+), col:(\d+)/.exec(message)?.slice(1, 3).map(Number);
  if (!position) return undefined;
  const [line = 1, column = 1] = position;
  let lineStart = 0;
  for (let n = 1; n < line; n++) {
    const i = source.indexOf('\n', lineStart);
    if (i === -1) break;
    lineStart = i + 1;
  }
  return lineStart + column - 1;
}

/** A non-Liquid error thrown while an output that presigns was rendering: the resolver failed. */
function failedInPresign(error: unknown): boolean {
  if (!LiquidError.is(error)) return false;
  const cause = (error as { originalError?: unknown }).originalError;
  if (cause === undefined || LiquidError.is(cause)) return false;
  const text = (error as unknown as { token?: { getText?: () => string } }).token?.getText?.() ?? '';
  return /\b(grant_read_access|s3_presign)\b/.test(text);
}

import { Liquid, LiquidError, type Template } from 'liquidjs';
import { codeFrame, TemplateError } from './errors.ts';
import { maxTemplateChars } from './limits.ts';
import type { PresignResolver } from './resolver.ts';
import { deterministicResolver } from './resolvers/deterministic.ts';

export interface EngineOptions {
  /** Where grant_read_access / s3_presign point; deterministic test URLs by default. */
  resolver?: PresignResolver;
  /** Fail on undefined variables (lint uses this to find task.input paths the PRE never makes). */
  strictVariables?: boolean;
}

/**
 * A liquidjs engine that behaves like Ground Truth's: every output HTML-escaped, `escape` and
 * `escape_once` never escaping twice, `skip_autoescape`, `to_json`, and `grant_read_access` /
 * `s3_presign` through a resolver. Unknown filters fail at parse time.
 */
export function createEngine(options: EngineOptions = {}): Liquid {
  const resolver = options.resolver ?? deterministicResolver();
  const engine = new Liquid({
    // Ground Truth escapes like Shopify (CGI.escapeHTML): & < > " ' → &amp; &lt; &gt; &quot; &#39;.
    outputEscape: (v: unknown) => escapeHtml(stringify(v)),
    strictFilters: true,
    strictVariables: options.strictVariables ?? false,
    lenientIf: true,
    ownPropertyOnly: true,
    // Hostile templates must not hang the preview or the linter.
    parseLimit: 1e7,
    renderLimit: 5_000,
    memoryLimit: 1e8,
  });
  // Filters marked raw are not escaped again when they end the chain: so an explicit `escape`
  // escapes exactly once, as Ground Truth documents.
  engine.registerFilter('escape', { handler: (v: unknown) => escapeHtml(stringify(v)), raw: true });
  engine.registerFilter('escape_once', { handler: (v: unknown) => escapeHtml(stringify(v), true), raw: true });
  engine.registerFilter('skip_autoescape', { handler: (v: unknown) => v, raw: true });
  engine.registerFilter('to_json', { handler: (v: unknown) => JSON.stringify(v ?? null), raw: true });
  const presign = (v: unknown) => (typeof v === 'string' && v !== '' ? resolver.resolve(v) : v);
  engine.registerFilter('grant_read_access', presign);
  engine.registerFilter('s3_presign', presign);
  return engine;
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text; with `once`, existing entities (`&amp;`, `&#39;`, `&#x27;`) are kept. */
export function escapeHtml(text: string, once = false): string {
  const re = once ? /&(?!(?:[A-Za-z][A-Za-z0-9]*|#\d+|#x[0-9A-Fa-f]+);)|[<>"']/g : /[&<>"']/g;
  return text.replace(re, (c) => entities[c] ?? c);
}

/** Liquid's output of a value: arrays joined, null and undefined empty. */
function stringify(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(stringify).join('');
  return String(v);
}

/** A template parsed once and rendered many times. */
export interface CompiledTemplate {
  file: string;
  render(taskInput: unknown): Promise<string>;
}

export interface CompileOptions extends EngineOptions {
  file?: string;
}

/**
 * Parses a template (checking the 128,000-character limit and the Liquid syntax) and returns a
 * renderer that exposes the task input as `task.input`. Errors are `TemplateError`s with the
 * file, line, column and a code frame.
 */
export function compileTemplate(source: string, options: CompileOptions = {}): CompiledTemplate {
  const file = options.file ?? 'template.liquid.html';
  if (source.length > maxTemplateChars) {
    throw new TemplateError(`the template has ${source.length} characters; Ground Truth allows ${maxTemplateChars}`, file, 1, 1, '', 'template-too-large', 'move large scripts and styles to files served from S3 or a CDN');
  }
  const engine = createEngine(options);
  let parsed: Template[];
  try {
    parsed = engine.parse(source, file);
  } catch (error) {
    throw toTemplateError(error, source, file);
  }
  return {
    file,
    async render(taskInput) {
      try {
        return String(await engine.render(parsed, { task: { input: taskInput } }));
      } catch (error) {
        throw toTemplateError(error, source, file);
      }
    },
  };
}

/** Parses and renders in one go. */
export async function renderTemplate(source: string, taskInput: unknown, options: CompileOptions = {}): Promise<string> {
  return compileTemplate(source, options).render(taskInput);
}

const hints: Array<[RegExp, string, string]> = [
  [/undefined filter: (\S+)/, 'unknown-filter', 'Ground Truth knows the Shopify filters plus escape, escape_once, skip_autoescape, to_json, grant_read_access and s3_presign'],
  [/undefined variable: (\S+)/, 'undefined-variable', 'the PRE Lambda must put this field in taskInput (the template sees it as task.input.…)'],
  [/not closed|unclosed|tag .* not found/i, 'syntax', 'close every {{ … }}, {% … %} and block tag ({% if %}…{% endif %})'],
  [/tag .* not found|unknown tag/i, 'unknown-tag', 'use the tags Shopify Liquid has: if, unless, case, for, capture, assign, …'],
];

export function toTemplateError(error: unknown, source: string, file: string): TemplateError {
  if (error instanceof TemplateError) return error;
  const message = (error as Error).message ?? String(error);
  let line = 1;
  let column = 1;
  if (LiquidError.is(error)) {
    const token = (error as LiquidError).token as unknown as { getPosition?: () => [number, number] } | undefined;
    const position = token?.getPosition?.();
    if (position) [line, column] = position;
  } else {
    const m = /line:(\d+), col:(\d+)/.exec(message);
    if (m) [line, column] = [Number(m[1]), Number(m[2])];
  }
  const clean = message.replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, '');
  const found = hints.find(([re]) => re.test(clean));
  return new TemplateError(clean, file, line, column, codeFrame(source, line, column), found?.[1] ?? 'liquid', found?.[2] ?? '');
}

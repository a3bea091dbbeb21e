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
    outputEscape: 'escape',
    strictFilters: true,
    strictVariables: options.strictVariables ?? false,
    lenientIf: true,
    ownPropertyOnly: true,
    // Hostile templates must not hang the preview or the linter.
    parseLimit: 1e7,
    renderLimit: 5_000,
    memoryLimit: 1e8,
  });
  const escape = engine.filters['escape'];
  const escapeOnce = engine.filters['escape_once'];
  if (!escape || !escapeOnce) throw new Error('liquidjs has no escape filters');
  // A filter marked raw is not escaped again when it ends the chain: so an explicit `escape`
  // escapes exactly once, as Ground Truth documents.
  engine.registerFilter('escape', { handler(this: unknown, v: unknown) { return (escape as (this: unknown, v: unknown) => unknown).call(this, v); }, raw: true });
  engine.registerFilter('escape_once', { handler(this: unknown, v: unknown) { return (escapeOnce as (this: unknown, v: unknown) => unknown).call(this, v); }, raw: true });
  engine.registerFilter('skip_autoescape', { handler: (v: unknown) => v, raw: true });
  engine.registerFilter('to_json', { handler: (v: unknown) => JSON.stringify(v ?? null), raw: true });
  const presign = (v: unknown) => (typeof v === 'string' && v !== '' ? resolver.resolve(v) : v);
  engine.registerFilter('grant_read_access', presign);
  engine.registerFilter('s3_presign', presign);
  return engine;
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

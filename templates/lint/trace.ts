import { AssignTag, CaptureTag, CaseTag, ForTag, IfTag, TokenKind, UnlessTag, type Template } from 'liquidjs';
import { compileParsed } from '../engine/compile.ts';
import { TemplateError, toTemplateError } from '../engine/errors.ts';
import { knownFilters } from '../engine/filters.ts';
import { scanLiquid, type LiquidToken } from './liquid-scan.ts';
import type { MissingRead, UnknownFilterUse } from './types.ts';
import { variablesTestedBeforeUse } from './variable-guard.ts';

/**
 * Renders a template the way the preview does, while watching it: which `task.input` paths it
 * reads that the task input lacks (and where in the source), and which source offset every piece
 * of the output came from, so findings about the rendered page point into the template.
 */
export interface TracedTemplate {
  unknownFilters: UnknownFilterUse[];
  render(taskInput: unknown, origin: string): Promise<TracedRender>;
}

export interface TracedRender {
  html: string;
  /** Maps an offset of `html` to the template source. */
  toSource(offset: number): number;
  missingReads: MissingRead[];
}

/** Liquid's own properties of arrays and hashes, which are never missing. */
const liquidProperties = new Set(['size', 'first', 'last']);
const hasDefault = /\|\s*default\b/;

interface Trace {
  current: Template | undefined;
  top: unknown;
  /** Flat triples: rendered offset, source offset, source length (0 for outputs). */
  segments: number[];
  /** Filter bodies (`where`, `map`, `sort`) read properties that may be absent on purpose. */
  inFilter: number;
  /** Where the captures that are rendering begin: a read inside one whose variable is tested is tested too. */
  captures: number[];
  reads: Array<{ path: string; template: Template }>;
}

type Handler = (this: unknown, ...args: unknown[]) => unknown;
const isIterator = (v: unknown): v is Iterator<unknown> => typeof v === 'object' && v !== null && typeof (v as Iterator<unknown>).next === 'function' && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';

/**
 * Parses `source` for lint (unknown filters listed, not fatal). Throws TemplateError when it does
 * not parse. `tokens` are the source's Liquid tokens when the caller has scanned it already
 * (lintTemplate has); they are read once, the first time an assign reads a missing path.
 */
export function traceTemplate(source: string, file: string, tokens?: readonly LiquidToken[]): TracedTemplate {
  const unknownFilters: UnknownFilterUse[] = [];
  const known = new Set(knownFilters);
  let trace: Trace = fresh();
  let testedVariables: ReadonlySet<number> | undefined;
  const variableTested = (begin: number) => (testedVariables ??= variablesTestedBeforeUse(tokens ?? scanLiquid(source).tokens)).has(begin);
  const parsed = compileParsed(source, {
    file,
    strictFilters: false,
    onParsed(template) {
      for (const filter of filtersOf(template)) {
        const f = filter as unknown as { name: string; token: { begin: number; input: string }; handler: Handler };
        // The autoescape step liquidjs appends has a token without source text.
        if (f.token.input !== '' && !known.has(f.name)) unknownFilters.push({ name: f.name, offset: f.token.begin });
        f.handler = watchFilter(f.handler, () => trace);
      }
      instrument(template, () => trace);
    },
  });
  return {
    unknownFilters: unknownFilters.sort((a, b) => a.offset - b.offset),
    async render(taskInput, origin) {
      trace = fresh();
      const t = trace;
      let html: string;
      try {
        const scope = { task: watched({ input: taskInput }, 'task', t) };
        html = String(await parsed.engine.render(parsed.templates, scope, { globals: {} }));
      } catch (error) {
        throw error instanceof TemplateError ? error : toTemplateError(error, source, file);
      }
      const missingReads: MissingRead[] = [];
      for (const r of t.reads) missingReads.push({ path: r.path, offset: readOffset(r.template, r.path), origin });
      return { html, toSource: sourceMap(t.segments), missingReads };
    },
  };

  function fresh(): Trace {
    return { current: undefined, top: undefined, segments: [], inFilter: 0, captures: [], reads: [] };
  }

  /** Wraps a parsed node's render: it becomes "current" while it runs, and records where its output starts. */
  function instrument(template: Template, getTrace: () => Trace): void {
    const render = template.render as (this: unknown, ctx: unknown, emitter: unknown) => unknown;
    const token = template.token as unknown as { begin: number; end: number; trimLeft?: number };
    const isText = (template.token as unknown as { kind: number }).kind === TokenKind.HTML;
    const isCapture = template instanceof CaptureTag;
    template.render = function* (this: unknown, ctx: unknown, emitter: { buffer?: unknown }) {
      const t = getTrace();
      if (t.top === undefined && t.current === undefined) t.top = emitter;
      if (emitter === t.top && typeof emitter.buffer === 'string') {
        const sourceStart = token.begin + (isText ? (token.trimLeft ?? 0) : 0);
        t.segments.push(emitter.buffer.length, sourceStart, isText ? Math.max(0, token.end - sourceStart) : 0);
      }
      const previous = t.current;
      t.current = template;
      if (isCapture) t.captures.push(token.begin);
      try {
        const result = render.call(this, ctx, emitter);
        return isIterator(result) ? yield* result as Generator<unknown, unknown, unknown> : result;
      } finally {
        t.current = previous;
        if (isCapture) t.captures.pop();
      }
    } as Template['render'];
  }

  /** Objects and arrays of the task input, behind proxies that note reads of keys they lack. */
  function watched(value: unknown, path: string, t: Trace): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const cache = new WeakMap<object, unknown>();
    const wrap = (target: object, at: string): unknown => {
      const hit = cache.get(target);
      if (hit) return hit;
      const proxy = new Proxy(target, {
        get(obj, key, receiver) {
          const child = Reflect.get(obj, key, receiver);
          if (typeof key !== 'string' || typeof child !== 'object' || child === null) return child;
          return wrap(child, childPath(at, key, Array.isArray(obj)));
        },
        getOwnPropertyDescriptor(obj, key) {
          const descriptor = Reflect.getOwnPropertyDescriptor(obj, key);
          if (!descriptor && typeof key === 'string' && !liquidProperties.has(key) && t.inFilter === 0 && t.current) {
            const path = childPath(at, key, Array.isArray(obj));
            if (!isGuardedRead(t.current, path, variableTested) && !t.captures.some((begin) => variableTested(begin))) t.reads.push({ path, template: t.current });
          }
          return descriptor;
        },
      });
      cache.set(target, proxy);
      return proxy;
    };
    return wrap(value, path);
  }
}

/** The filters a parsed node applies (outputs, echo, assign, cycle values). */
function filtersOf(template: Template): unknown[] {
  const value = (template as unknown as { value?: { filters?: unknown[] } }).value;
  return Array.isArray(value?.filters) ? value.filters : [];
}

/** Counts the time spent inside a filter's body (generators included). */
function watchFilter(handler: Handler, getTrace: () => Trace): Handler {
  return function (this: unknown, ...args: unknown[]) {
    const t = getTrace();
    t.inFilter++;
    let result: unknown;
    try {
      result = handler.apply(this, args);
    } finally {
      t.inFilter--;
    }
    if (!isIterator(result)) return result;
    const inner = result as Generator<unknown, unknown, unknown>;
    return (function* () {
      t.inFilter++;
      try {
        return yield* inner;
      } finally {
        t.inFilter--;
      }
    })();
  };
}

/** `a.b`, `a[2]`, `a["odd key"]`: the path as a template would write it. */
function childPath(parent: string, key: string, inArray: boolean): string {
  if (inArray && /^\d+$/.test(key)) return `${parent}[${key}]`;
  if (/^[A-Za-z_][\w-]*$/.test(key)) return `${parent}.${key}`;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Where to point for a missing read: at the path itself when the tag or output spells it out,
 * else at the tag or output (a loop variable or assign alias read it).
 */
function readOffset(template: Template, path: string): number {
  const token = template.token as unknown as { begin: number; getText(): string };
  const text = token.getText();
  const at = text.indexOf(path);
  return at === -1 ? token.begin : token.begin + at;
}

const guarded = new WeakMap<Template, boolean>();

/**
 * Whether a missing read is intended: a test in if/unless/case, a `| default`, a for over the
 * path (an empty or missing list renders nothing; an else says so too), or an assign whose
 * variable is tested before it is used (`{% assign note = task.input.note %}{% if note %}`). A
 * read inside a capture whose variable is tested before use is intended too (the caller checks).
 */
function isGuardedRead(template: Template, path: string, variableTested: (begin: number) => boolean): boolean {
  if (template instanceof ForTag) return loopsOver(template, path);
  let answer = guarded.get(template);
  if (answer === undefined) {
    answer =
      template instanceof IfTag ||
      template instanceof UnlessTag ||
      template instanceof CaseTag ||
      hasDefault.test((template.token as unknown as { getText(): string }).getText()) ||
      (template instanceof AssignTag && variableTested((template.token as unknown as { begin: number }).begin));
    guarded.set(template, answer);
  }
  return answer;
}

/** The read is of the collection the loop runs over (or of a part of its path), not of its limit or offset. */
function loopsOver(loop: ForTag, path: string): boolean {
  if ((loop as unknown as { elseTemplates: unknown[] }).elseTemplates.length > 0) return true;
  const collection = (loop as unknown as { collection: { getText(): string } }).collection.getText().replace(/\[\s*(["'])([A-Za-z_][\w-]*)\1\s*\]/g, '.$2').replace(/\s+/g, '');
  return collection === path || collection.startsWith(`${path}.`) || collection.startsWith(`${path}[`);
}

/** Rendered offset → source offset, from the segments recorded while rendering. */
function sourceMap(segments: number[]): (offset: number) => number {
  const count = segments.length / 3;
  return (offset) => {
    let lo = 0;
    let hi = count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((segments[mid * 3] ?? 0) <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found === -1) return 0;
    const renderedStart = segments[found * 3] ?? 0;
    const sourceStart = segments[found * 3 + 1] ?? 0;
    const length = segments[found * 3 + 2] ?? 0;
    return sourceStart + Math.min(offset - renderedStart, Math.max(0, length - 1));
  };
}

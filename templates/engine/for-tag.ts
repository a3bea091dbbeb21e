import { evalToken, evalTokenValue, ForTag, toValue, TokenKind, type Context, type Emitter, type RangeToken, type Template, type ValueToken } from 'liquidjs';
import { HtmlText } from './html-text.ts';

/**
 * `for` with Shopify's readings where liquidjs differs, on top of liquidjs's loop (which still
 * applies offset, limit and `reversed`, and keeps `forloop` and `offset: continue`):
 *
 * - the `else` branch is taken when nothing is left to loop over, also when `offset` / `limit`
 *   leave nothing (Shopify's for.rb renders else when the sliced segment is empty; liquidjs only
 *   when the whole collection was);
 * - a range's bounds are integers (rangeBound): `(1..2.5)` is 1, 2, where liquidjs went on to 3;
 * - a range literal builds only the part it will walk: with a `limit`, it stops after offset +
 *   limit items. liquidjs built `(1..n)` in full, and charged all n items to the memory limit,
 *   before cutting it, so `{% for i in (1..100000000) limit:3 %}` failed where Shopify iterates
 *   lazily.
 */
export class ShopifyForTag extends ForTag {
  override *render(ctx: Context, emitter: Emitter): Generator<unknown, void | string, Template[]> {
    const hash = (yield* this.modifiers(ctx)) as Record<string, unknown>;
    const offset = hash['offset'] === undefined ? 0 : sliceIndex(hash['offset']);
    const limit = hash['limit'] === undefined ? undefined : sliceIndex(hash['limit']);
    const items = (yield* this.items(ctx, offset, limit)) as unknown[];
    if (items.length > 0 && segmentLength(items.length, offset, limit) === 0) {
      ctx.setRegister(this.continueKey(), offset);
      // Into the loop's emitter; renderTemplates also returns the text, which must not be written twice.
      yield this.liquid.renderer.renderTemplates(this.elseTemplates, ctx, emitter);
      return;
    }
    // liquidjs evaluates a token that has `content` to that content, and renders `hash` itself:
    // hand it the items and the hash evaluated above.
    const collection = Object.create(this.collection, { content: { value: items } }) as RangeToken;
    const evaluated = { *render() { return hash; } };
    const view = Object.create(this, { collection: { value: collection }, hash: { value: evaluated } }) as this;
    return (yield super.render.call(view, ctx, emitter)) as unknown as void;
  }

  /** The register liquidjs keeps for `offset: continue`. */
  private continueKey(): string {
    return `continue-${this.variable}-${this.collection.getText()}`;
  }

  /** offset, limit and reversed, evaluated as liquidjs does (`continue` is the last loop's end). */
  private *modifiers(ctx: Context): Generator<unknown, unknown, unknown> {
    ctx.push({ continue: ctx.getRegister(this.continueKey(), {}) });
    try {
      return yield this.hash.render(ctx);
    } finally {
      ctx.pop();
    }
  }

  /** What the loop walks (loopItems); with ordered filter parameters liquidjs may limit before it offsets: all of it. */
  private *items(ctx: Context, offset: number, limit: number | undefined): Generator<unknown, unknown[], unknown> {
    return yield* loopItems(this.collection, ctx, this.liquid.options.orderedFilterParameters ? Infinity : windowOf(offset, limit));
  }
}

/** How many items from the start a loop's offset and limit need: all when either counts from the end. */
export function windowOf(offset: number, limit: number | undefined): number {
  return limit === undefined || offset < 0 || limit < 0 ? Infinity : offset + limit;
}

/**
 * What a loop (`for`, `tablerow`) walks in `collection`: a range literal's integers, only the first
 * `window` of them when the loop's offset and limit need no more (Shopify iterates a range lazily),
 * or the items of any other value (enumerate).
 */
export function* loopItems(collection: ValueToken, ctx: Context, window = Infinity): Generator<unknown, unknown[], unknown> {
  if (collection.kind !== TokenKind.Range) return enumerate(yield evalToken(collection, ctx));
  const range = collection as RangeToken;
  const low = rangeBound(yield evalTokenValue(range.lhs, ctx));
  const high = rangeBound(yield evalTokenValue(range.rhs, ctx));
  const stop = Math.min(high + 1, low + window);
  ctx.memoryLimit.use(Math.max(0, stop - low));
  const items: number[] = [];
  for (let i = low; i < stop; i++) items.push(i);
  return items;
}

/**
 * The items liquidjs's `for` walks in a value: an array's items, a hash's `[key, value]` pairs, a
 * non-empty string (or capture) once, nothing for anything else. A copy of liquidjs's
 * toEnumerable, which it does not export, plus the capture line: the capture itself is the item,
 * so `{{ x }}` writes it as HTML.
 */
function enumerate(value: unknown): unknown[] {
  if (value instanceof HtmlText) return value.html === '' ? [] : [value];
  const v: unknown = toValue(value);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (v !== null && typeof v === 'object') {
    if (Symbol.iterator in v) return Array.from(v as Iterable<unknown>);
    return Object.keys(v).map((key) => [key, (v as Record<string, unknown>)[key]]);
  }
  return [];
}

/** How many items liquidjs's `items.slice(offset).slice(0, limit)` keeps, without copying them. */
function segmentLength(count: number, offset: number, limit: number | undefined): number {
  const start = offset < 0 ? Math.max(count + offset, 0) : Math.min(offset, count);
  const rest = count - start;
  if (limit === undefined) return rest;
  return limit < 0 ? Math.max(rest + limit, 0) : Math.min(limit, rest);
}

/** How Array.prototype.slice reads an index argument (liquidjs's offset and limit are slices). */
function sliceIndex(value: unknown): number {
  const n = Math.trunc(Number(value));
  return Number.isNaN(n) ? 0 : n;
}

/**
 * A range bound as Shopify reads it (RangeLookup#to_integer): a number truncated toward zero
 * (`2.5` is 2), text by its leading integer as Ruby's `String#to_i` reads it (`"2.5"` is 2,
 * `"abc"` 0), nil 0. Anything else (true, an array, a hash) is Shopify's "invalid integer" error.
 */
export function rangeBound(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string') {
    const leading = /^\s*([+-]?\d+)/.exec(value);
    return leading ? Math.trunc(Number(leading[1])) : 0;
  }
  const shown = typeof value === 'number' ? String(value) : typeof value === 'object' ? (Array.isArray(value) ? 'an array' : 'a hash') : JSON.stringify(value);
  throw new Error(`invalid integer: a range bound must be a whole number, got ${shown}`);
}

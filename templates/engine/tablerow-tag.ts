import { TablerowTag, type Context, type Emitter, type ValueToken } from 'liquidjs';
import { loopItems, windowOf } from './for-tag.ts';

/**
 * `tablerow` walking what `for` walks (for-tag.ts loopItems), on top of liquidjs's table layout:
 * a range literal builds only the window its `offset` and `limit` need, where liquidjs built
 * `(1..n)` in full and charged all of it to the memory limit before cutting it; text offsets and
 * limits are numbers; and a capture is one item written as HTML, where liquidjs unwrapped it to a
 * string and escaped its markup.
 */
export class ShopifyTablerowTag extends TablerowTag {
  override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const args = (yield this.args.render(ctx)) as Record<string, unknown>;
    // liquidjs slices (offset, offset + limit); only plain non-negative numbers allow a window.
    const offset = args['offset'] === undefined ? 0 : Number(args['offset']);
    const limit = args['limit'] === undefined ? undefined : Number(args['limit']);
    const exact = Number.isInteger(offset) && (limit === undefined || Number.isInteger(limit));
    const items = yield* loopItems(this.collection as ValueToken, ctx, exact ? windowOf(offset, limit) : Infinity);
    // liquidjs evaluates a token that has `content` to that content: hand it the items, and the args
    // evaluated above with numeric offset and limit (it added text ones: offset "1" limit "2" sliced to "12").
    const collection = Object.create(this.collection, { content: { value: items } }) as ValueToken;
    const numeric = exact ? { ...args, ...(args['offset'] === undefined ? {} : { offset }), ...(limit === undefined ? {} : { limit }) } : args;
    const evaluated = { *render() { return numeric; } };
    const view = Object.create(this, { collection: { value: collection }, args: { value: evaluated } }) as this;
    yield* super.render.call(view, ctx, emitter);
  }
}

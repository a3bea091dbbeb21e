import { CaptureTag, type Context } from 'liquidjs';
import { HtmlText } from './html-text.ts';

/**
 * `capture` that keeps its result as HtmlText: the body is template text plus outputs already
 * escaped once, so outputting the capture must not escape it again (liquidjs kept a plain
 * string, and `{{ c }}` turned `Tom &amp; Jerry` into `Tom &amp;amp; Jerry`).
 */
export class HtmlCaptureTag extends CaptureTag {
  override *render(ctx: Context): Generator<unknown, void, string> {
    yield* super.render(ctx);
    // liquidjs stores the capture in the bottom scope, as `assign` does.
    const scope = ctx.bottom() as Record<string, unknown>;
    const html = scope[this.variable];
    if (typeof html === 'string') scope[this.variable] = new HtmlText(html);
  }
}

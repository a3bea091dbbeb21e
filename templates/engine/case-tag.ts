import { CaseTag, evalToken, toValue, type Context, type Emitter } from 'liquidjs';
import { textOf } from './html-text.ts';
import type { BinaryOperator } from './operators.ts';

/**
 * `case` / `when` that compares with the engine's `==` (Shopify's case.rb builds a `==` condition
 * per `when` value), so a capture on either side is compared by the text it stands for
 * (operators.ts). liquidjs compared the capture's HTML: `{% when "a & b" %}` missed a capture
 * showing `a & b`. Every `when` that matches renders, as in Shopify and liquidjs; `else` only
 * when none did.
 */
export class ShopifyCaseTag extends CaseTag {
  override *render(ctx: Context, emitter: Emitter): Generator<unknown, void, unknown> {
    const equal = ctx.opts.operators['=='] as BinaryOperator;
    const target = toValue(textOf(yield this.value.value(ctx, ctx.opts.lenientIf)));
    let matched = false;
    for (const branch of this.branches) {
      for (const token of branch.values) {
        if (yield equal(target, yield evalToken(token, ctx, ctx.opts.lenientIf), ctx)) {
          yield this.liquid.renderer.renderTemplates(branch.templates, ctx, emitter);
          matched = true;
          break;
        }
      }
    }
    if (!matched) yield this.liquid.renderer.renderTemplates(this.elseTemplates, ctx, emitter);
  }
}

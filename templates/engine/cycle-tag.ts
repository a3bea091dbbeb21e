import { CycleTag, evalToken, Value, type Context, type FilteredValueToken, type Liquid, type TagToken, type TopLevelToken, type ValueToken } from 'liquidjs';
import { autoescape } from './escaping.ts';

/** The fields liquidjs's CycleTag parses its markup into (private in its typings). */
interface CycleParts {
  candidates: FilteredValueToken[];
  group?: ValueToken;
}

/**
 * `cycle` with Shopify's values and `{{ … }}`'s escaping:
 *
 * - its values are written the way an output writes them: escaped once, HTML text (a capture, an
 *   escaped value) as it is. liquidjs unwrapped the value before escaping it, so those were escaped
 *   a second time (`&amp;lt;b&amp;gt;`);
 * - filters on its values are refused: Shopify's cycle reads values only and silently drops
 *   `| upcase` (its value pattern stops at `|`), where liquidjs applied them, so the preview and a
 *   real job would differ.
 *
 * Which value comes next is liquidjs's rule: one counter per group and list of values.
 */
export class HtmlCycleTag extends CycleTag {
  constructor(token: TagToken, remainTokens: TopLevelToken[], liquid: Liquid) {
    super(token, remainTokens, liquid);
    const filtered = (this as unknown as CycleParts).candidates.find((c) => c.filters.length > 0);
    if (filtered) {
      const filters = filtered.filters.map((f) => `| ${f.getText().trim()}`).join(' ');
      throw new Error(`cycle takes values, not filters: Shopify Liquid ignores ${filters} here; assign the filtered value first ({% assign v = ${filtered.getText().trim()} %}) and cycle v`);
    }
  }

  override *render(ctx: Context): Generator<unknown, string, unknown> {
    const { candidates, group } = this as unknown as CycleParts;
    const name = yield evalToken(group, ctx);
    const fingerprint = `cycle:${String(name)}:${candidates.map((c) => c.getText()).join(',')}`;
    const groups = ctx.getRegister('cycle', {}) as Record<string, number>;
    const index = groups[fingerprint] ?? 0;
    groups[fingerprint] = (index + 1) % candidates.length;
    const value = yield new Value(candidates[index] as FilteredValueToken, this.liquid).value(ctx, false);
    return autoescape.call({ context: ctx }, value);
  }
}

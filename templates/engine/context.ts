import { Context, toValue, type Drop, type Liquid, type Scope } from 'liquidjs';
import { characterCount, isHash } from './filters.ts';

/**
 * The render context with Shopify's readings where liquidjs differs: `.size` on a string counts
 * characters (Ruby's `String#size`; liquidjs counts UTF-16 units, so `"😀".size` was 2), and
 * `.first` / `.last` on a hash without such keys are its first and last `[key, value]` pairs
 * (Ruby's `Hash#first`; liquidjs gave nothing). Everything else is liquidjs's.
 */
class GroundTruthContext extends Context {
  override readProperty(obj: Scope, key: string | number | Drop): unknown {
    const value: unknown = obj;
    const name = toValue(key);
    if (typeof value === 'string' && name === 'size') return characterCount(value);
    if ((name === 'first' || name === 'last') && isHash(value) && !Object.hasOwn(value, name)) {
      const pairs = Object.entries(value);
      return name === 'first' ? pairs[0] : pairs.at(-1);
    }
    return super.readProperty(obj, key);
  }
}

/** Makes `engine.render` (and parseAndRender) use GroundTruthContext for a plain scope object. */
export function useGroundTruthContext(engine: Liquid): void {
  engine._render = (templates, scope, renderOptions) =>
    engine.renderer.renderTemplates(templates, scope instanceof Context ? scope : new GroundTruthContext(scope, engine.options, renderOptions, { liquid: engine }));
}

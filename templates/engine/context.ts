import { Context, toValue, type Drop, type Liquid, type Scope } from 'liquidjs';
import { characterCount } from './filters.ts';

/**
 * The render context with Shopify's reading of `.size` on a string: Ruby's `String#size` counts
 * characters, liquidjs counts UTF-16 units (so `"😀".size` was 2). Everything else is liquidjs's.
 */
class GroundTruthContext extends Context {
  override readProperty(obj: Scope, key: string | number | Drop): unknown {
    const value: unknown = obj;
    if (typeof value === 'string' && toValue(key) === 'size') return characterCount(value);
    return super.readProperty(obj, key);
  }
}

/** Makes `engine.render` (and parseAndRender) use GroundTruthContext for a plain scope object. */
export function useGroundTruthContext(engine: Liquid): void {
  engine._render = (templates, scope, renderOptions) =>
    engine.renderer.renderTemplates(templates, scope instanceof Context ? scope : new GroundTruthContext(scope, engine.options, renderOptions, { liquid: engine }));
}

import { Context, toValue, type Drop, type Liquid, type Scope } from 'liquidjs';
import { hashEnd, isHash, sizeOf } from './filters.ts';
import { withoutHtmlMark } from './html-text.ts';

/**
 * The render context with Shopify's readings where liquidjs differs: `.size` on a string counts
 * characters (Ruby's `String#size`; liquidjs counts UTF-16 units, so `"😀".size` was 2), and
 * `.first` / `.last` on a hash without such keys are its first and last `[key, value]` pairs
 * (Ruby's `Hash#first`; liquidjs gave nothing), also in the child contexts filters such as
 * `where` make. The `size`, `first` and `last` filters read the same way (filters.ts). HTML text
 * (a capture, html-text.ts) reads as its string.
 */
class GroundTruthContext extends Context {
  override readProperty(obj: Scope, key: string | number | Drop): unknown {
    const value = withoutHtmlMark(obj); // a capture reads as its text
    const name = toValue(key);
    if (typeof value === 'string' && name === 'size') return sizeOf(value);
    if ((name === 'first' || name === 'last') && isHash(value) && !Object.hasOwn(value, name)) return hashEnd(value, name);
    return super.readProperty(obj, key);
  }

  /** The child contexts liquidjs makes (`where`, `map`, `sort` read properties through them) read the same way. */
  override spawn(scope: object = {}): Context {
    return new GroundTruthContext(scope, this.opts, { sync: this.sync, globals: this.globals, strictVariables: this.strictVariables, ownPropertyOnly: this.ownPropertyOnly }, { renderLimit: this.renderLimit, memoryLimit: this.memoryLimit, liquid: this.liquid });
  }
}

/** Makes `engine.render` (and parseAndRender) use GroundTruthContext for a plain scope object. */
export function useGroundTruthContext(engine: Liquid): void {
  engine._render = (templates, scope, renderOptions) =>
    engine.renderer.renderTemplates(templates, scope instanceof Context ? scope : new GroundTruthContext(scope, engine.options, renderOptions, { liquid: engine }));
}

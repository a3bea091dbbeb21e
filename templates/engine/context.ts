import { Context, toValue, type Drop, type Liquid, type Scope } from 'liquidjs';
import { hashEnd, isHash, sizeOf } from './filters.ts';
import { textOf } from './html-text.ts';
import { explainingTimeLimit } from './presign-time.ts';

/**
 * The render context with Shopify's readings where liquidjs differs: `.size` on a string counts
 * characters (Ruby's `String#size`; liquidjs counts UTF-16 units, so `"😀".size` was 2), and
 * `.first` / `.last` on a hash without such keys are its first and last `[key, value]` pairs
 * (Ruby's `Hash#first`; liquidjs gave nothing), also in the child contexts filters such as
 * `where` make. The `size`, `first` and `last` filters read the same way (filters.ts). HTML text
 * (a capture, html-text.ts) reads as the text it stands for, as it does in filters.
 */
class GroundTruthContext extends Context {
  override readProperty(obj: Scope, key: string | number | Drop): unknown {
    const value = textOf(obj); // a capture reads as the text it stands for
    const name = toValue(key);
    if (typeof value === 'string' && name === 'size') return sizeOf(value);
    if ((name === 'first' || name === 'last') && isHash(value) && !Object.hasOwn(value, name)) return hashEnd(value, name);
    return super.readProperty(value as Scope, key);
  }

  /** The child contexts liquidjs makes (`where`, `map`, `sort` read properties through them) read the same way. */
  override spawn(scope: object = {}): Context {
    return new GroundTruthContext(scope, this.opts, { sync: this.sync, globals: this.globals, strictVariables: this.strictVariables, ownPropertyOnly: this.ownPropertyOnly }, { renderLimit: this.renderLimit, memoryLimit: this.memoryLimit, liquid: this.liquid });
  }
}

/**
 * Makes `engine.render` (and parseAndRender) use GroundTruthContext for a plain scope object, and
 * explain a time limit that presigning used up (presign-time.ts), once per render.
 */
export function useGroundTruthContext(engine: Liquid): void {
  engine._render = (templates, scope, renderOptions) => {
    const ctx = scope instanceof Context ? scope : new GroundTruthContext(scope, engine.options, renderOptions, { liquid: engine });
    return explainingTimeLimit(engine.renderer.renderTemplates(templates, ctx), ctx);
  };
}

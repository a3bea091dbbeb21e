import { defaultOperators, toValue, type Context, type Operators } from 'liquidjs';
import { isHash } from './filters.ts';
import { withoutHtmlMark } from './html-text.ts';

type Binary = (lhs: unknown, rhs: unknown, ctx: Context) => ReturnType<NonNullable<Operators[string]>>;
const liquids = (name: string) => defaultOperators[name] as Binary;

/**
 * liquidjs's condition operators with Shopify's readings where they differ:
 *
 * - `contains` on a hash tests its keys (Ruby's `Hash#include?`; liquidjs always said false), its
 *   own keys only, so `__proto__` or `toString` are found only when the data has them;
 * - `==` and `!=` compare a capture (HtmlText) as its text: liquidjs's `blank` tests whitespace
 *   only on a plain string, so `{% if captured != blank %}` was true for a capture of spaces.
 */
export const groundTruthOperators: Operators = {
  ...defaultOperators,
  '==': (lhs: unknown, rhs: unknown, ctx: Context) => liquids('==')(withoutHtmlMark(lhs), withoutHtmlMark(rhs), ctx),
  '!=': (lhs: unknown, rhs: unknown, ctx: Context) => liquids('!=')(withoutHtmlMark(lhs), withoutHtmlMark(rhs), ctx),
  contains: (lhs: unknown, rhs: unknown, ctx: Context) => {
    const hash: unknown = toValue(lhs);
    if (!isHash(hash)) return liquids('contains')(lhs, rhs, ctx);
    const key: unknown = toValue(rhs);
    // Object.keys, not `in` or hasOwn: lint's task-input proxies count a lookup of a missing key as a read.
    return typeof key === 'string' && Object.keys(hash).includes(key);
  },
};

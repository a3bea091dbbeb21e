import { describe, expect, it } from 'vitest';
import { getOwn, setOwn } from '../../../lambdas/contracts/own-property.ts';

describe('setOwn / getOwn: every key is data', () => {
  it('"__proto__" becomes an own, enumerable key instead of a new prototype', () => {
    const target: Record<string, number> = {};
    setOwn(target, '__proto__', 1);
    setOwn(target, 'toString', 2);
    expect(Object.getPrototypeOf(target)).toBe(Object.prototype);
    expect(Object.keys(target)).toEqual(['__proto__', 'toString']);
    expect(JSON.stringify(target)).toBe('{"__proto__":1,"toString":2}');
    expect(getOwn(target, '__proto__')).toBe(1);
  });

  it('inherited members are not values', () => {
    const weights: Record<string, number> = { a: 0.5 };
    expect(getOwn(weights, 'toString')).toBeUndefined();
    expect(getOwn(weights, 'constructor')).toBeUndefined();
    expect(getOwn(weights, '__proto__')).toBeUndefined();
    expect(getOwn(weights, 'a')).toBe(0.5);
    expect(getOwn(undefined, 'a')).toBeUndefined();
  });
});

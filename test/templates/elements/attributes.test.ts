import { describe, expect, it } from 'vitest';
import { parseLenientValue } from '../../../templates/elements/attributes.ts';

const ok = (text: string) => {
  const r = parseLenientValue(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error}`);
  return r.value;
};
const error = (text: string) => {
  const r = parseLenientValue(text);
  if (r.ok) throw new Error(`expected ${text} to fail, got ${JSON.stringify(r.value)}`);
  return r.error;
};

describe('parseLenientValue', () => {
  it('reads strict JSON as JSON', () => {
    expect(ok('["Cat","Dog"]')).toEqual(['Cat', 'Dog']);
    expect(ok('{"text":"None","n":-1.5e2,"b":[true,false,null]}')).toEqual({ text: 'None', n: -150, b: [true, false, null] });
    expect(ok(' 42 ')).toBe(42);
  });

  it("reads the JavaScript-style literals of AWS's examples", () => {
    expect(ok("['Cat', 'Dog']")).toEqual(['Cat', 'Dog']);
    expect(ok("{ text: 'None of the above' }")).toEqual({ text: 'None of the above' });
    expect(ok("[{label: 'person', shortDisplayName: 'per'}, {label: \"organization\"},]")).toEqual([{ label: 'person', shortDisplayName: 'per' }, { label: 'organization' }]);
    // The overlay example in the docs mixes quoted and unquoted keys and ends with commas.
    expect(ok('{ "boundingBox": { labels: ["bird", "cat"], value: [ { height: 284, label: "bird", left: 230, top: 974, width: 223 }, ] }, }')).toEqual({
      boundingBox: { labels: ['bird', 'cat'], value: [{ height: 284, label: 'bird', left: 230, top: 974, width: 223 }] },
    });
  });

  it('handles escapes, quotes inside strings, numbers of any length and multi-line text', () => {
    expect(ok(String.raw`['it\'s', "say \"hi\"", 'tab\there', '\u00e9', 'a\\b']`)).toEqual(["it's", 'say "hi"', 'tab\there', 'é', 'a\\b']);
    expect(ok("['line one\nline two']")).toEqual(['line one\nline two']);
    const long = '1'.repeat(300);
    expect(ok(`[${long}, 'x']`)).toEqual([Number(long), 'x']);
    expect(ok('[.5, +2, 1e3, 1E-2, -0.25]')).toEqual([0.5, 2, 1000, 0.01, -0.25]);
    expect(ok(`{${'k'.repeat(400)}: 1}`)).toEqual({ ['k'.repeat(400)]: 1 });
    expect(ok('[]')).toEqual([]);
    expect(ok('{}')).toEqual({});
  });

  it('never lets a key touch the prototype', () => {
    const value = ok("{__proto__: {polluted: 'yes'}, constructor: 1}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
  });

  it('says where malformed input goes wrong', () => {
    expect(error("['Cat', 'Dog'")).toMatch(/expected "," or "\]" at character 14/);
    expect(error("['Cat' 'Dog']")).toMatch(/expected "," or "\]" at character 8/);
    expect(error("{text 'x'}")).toMatch(/expected ":" at character 7/);
    expect(error("['unterminated]")).toMatch(/unterminated string/);
    expect(error('[1] trailing')).toMatch(/unexpected text after the value at character 5/);
    expect(error("['\\u12']")).toMatch(/bad \\u escape/);
    expect(error('Cat, Dog')).toMatch(/unexpected "C" at character 1/);
    expect(error('[undefined]')).toMatch(/unexpected "u"/);
    expect(error('[truefalse]')).toMatch(/unexpected "t"/);
    expect(error('{1: 2}')).toMatch(/expected a key/);
  });

  it('refuses empty, whitespace-only and missing values', () => {
    expect(error('')).toMatch(/ends too early/);
    expect(error('   ')).toMatch(/ends too early/);
    expect(error('[')).toMatch(/ends too early/);
  });

  it('survives huge and hostile input without hanging or throwing', () => {
    expect(error('x'.repeat(1_000_001))).toMatch(/too long/);
    expect(error('['.repeat(100_000))).toMatch(/nested too deeply/);
    expect(error(`${"{a:".repeat(5_000)}1${'}'.repeat(5_000)}`)).toMatch(/nested too deeply/);
    expect(error(`'${'a'.repeat(999_000)}`)).toMatch(/unterminated string/);
    expect(error(`[${'1,'.repeat(200_000)}`)).toMatch(/ends too early/);
    const big = ok(`[${Array.from({ length: 50_000 }, (_, i) => `'l${i}'`).join(',')}]`) as string[];
    expect(big).toHaveLength(50_000);
    for (const hostile of ['\u0000', '\\', "'\\", '{', '{a', '{a:', '{a:1,', "[']", '"\\u', '-', '.', '+', 'e5', '1e', '[1e+]']) {
      expect(() => parseLenientValue(hostile)).not.toThrow();
    }
    expect(error('1e')).toMatch(/unexpected text after the value at character 2/);
  });
});

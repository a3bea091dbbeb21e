import { Parser, type TopLevelToken } from 'liquidjs';
import { afterEach, describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../templates/engine/index.ts';
import { asTokenQueue } from '../../../templates/engine/token-queue.ts';

// token-queue.ts reverses each token list and makes its shift a pop. That is right only while
// liquidjs reads a token list through shift() and length alone: a peek (tokens[0]), a slice or a
// loop over the list would read it backwards and parse a different template, silently. This
// hands liquidjs every list behind a Proxy that records anything else it reads, over templates
// that reach every tag that consumes tokens, so a liquidjs upgrade that reads lists another way
// fails here instead of in a worker's page. Checked against liquidjs 10.30.1 (helper 94, F8).

const parseTokens = Parser.prototype.parseTokens;
afterEach(() => {
  Parser.prototype.parseTokens = parseTokens;
});

/** Renders with every token list liquidjs parses wrapped, and returns what it read besides shift and length. */
async function readsOtherThanShift(source: string, input: unknown, alsoRead?: (tokens: TopLevelToken[]) => void): Promise<{ html: string; reads: string[] }> {
  const reads = new Set<string>();
  Parser.prototype.parseTokens = function (this: Parser, tokens: TopLevelToken[]) {
    const watched = new Proxy(tokens, {
      get(target, property) {
        // Called on the target, so Array.prototype.pop's own reads of indices are not counted.
        if (property === 'shift') return () => target.shift();
        if (property === 'length') return target.length;
        reads.add(`get ${String(property)}`);
        return Reflect.get(target, property) as unknown;
      },
      set(target, property, value) {
        reads.add(`set ${String(property)}`);
        return Reflect.set(target, property, value);
      },
      has(target, property) {
        reads.add(`has ${String(property)}`);
        return Reflect.has(target, property);
      },
    });
    alsoRead?.(watched);
    return parseTokens.call(this, watched);
  };
  const html = await renderTemplate(source, input);
  return { html, reads: [...reads] };
}

const input = { a: '<a&b>', list: [1, 2, 3, 4], n: 2, h: { k: 'v' }, s: 'x' };

// Each template with what 99041c4's engine (no queue) renders for it.
const corpus: Array<[string, string, string]> = [
  ['liquid tag with blocks', '{% liquid\n assign x = task.input.a\n if x\n echo x\n else\n echo "no"\n endif\n for i in task.input.list\n echo i\n endfor\n case task.input.n\n when 1\n echo "one"\n when 2, 3\n echo "two"\n else\n echo "else"\n endcase\n%}', '&lt;a&amp;b&gt;1234two'],
  ['raw', 'a{% raw %}{{ x }}{% if %}{% endraw %}b{% raw %}{%- x -%}{% endraw %}', 'a{{ x }}{% if %}b{%- x -%}'],
  ['comment and inline comment', 'a{% comment %}{{ x }}{% if %}{% endcomment %}b{% # inline %}c', 'abc'],
  ['capture', '{% capture c %}[{{ task.input.a }}]{% if true %}y{% endif %}{% endcapture %}{{ c }}{{ c }}', '[&lt;a&amp;b&gt;]y[&lt;a&amp;b&gt;]y'],
  ['liquid inside capture', '{% capture c %}{% liquid\n echo task.input.a\n capture d\n echo "in"\n endcapture\n echo d %}{% endcapture %}<{{ c }}|{{ d }}>', '<&lt;a&amp;b&gt;in|in>'],
  ['if, elsif, unless', '{% if task.input.n == 1 %}one{% elsif task.input.n == 2 %}two{% else %}other{% endif %}{% unless task.input.s %}u{% elsif true %}e{% else %}w{% endunless %}', 'twoe'],
  ['for with else, modifiers, break and a hash', '{% for i in task.input.list offset: 10 %}{{ i }}{% else %}empty{% endfor %}{% for i in task.input.list reversed limit: 2 %}{{ forloop.index }}{{ i }}{% break %}{% endfor %}{% for p in task.input.h %}{{ p[0] }}={{ p[1] }}{% endfor %}', 'empty12k=v'],
  ['tablerow', '{% tablerow i in task.input.list cols: 2 %}{{ i }}{% endtablerow %}', '<tr class="row1"><td class="col1">1</td><td class="col2">2</td></tr><tr class="row2"><td class="col1">3</td><td class="col2">4</td></tr>'],
  ['case', '{% case task.input.s %}{% when "y" %}Y{% when "x", "z" %}X{% else %}E{% endcase %}', 'X'],
  ['cycle', '{% for i in task.input.list %}{% cycle "a", "b", "c" %}{% endfor %}', 'abca'],
  ['whitespace control', '<p>\n  {%- if true -%}\n   x   \n  {%- endif -%}\n  </p>  {{- task.input.s -}}  | {{ task.input.s }} \n {%- for i in task.input.list -%} \n {{ i }} \n {%- endfor -%} \n |', '<p>x</p>x| x1234|'],
  ['nested blocks', '{% for i in task.input.list %}{% if i > 2 %}{% capture c %}{% for j in (1..i) %}{{ j }}{% endfor %}{% endcapture %}{{ c }}{% endif %}{% endfor %}', '1231234'],
  ['empty blocks', '{% if true %}{% endif %}{% for i in task.input.list %}{% endfor %}{% capture e %}{% endcapture %}[{{ e }}]{% raw %}{% endraw %}', '[]'],
];

describe('liquidjs reads token lists only through shift() and length', () => {
  it.each(corpus)('%s', async (_, source, expected) => {
    const { html, reads } = await readsOtherThanShift(source, input);
    expect(reads).toEqual([]);
    expect(html).toBe(expected);
  });

  it('a peek at the list is seen (so the test above can fail)', async () => {
    const { reads } = await readsOtherThanShift('{{ 1 }}', {}, (tokens) => void tokens[0]);
    expect(reads).toEqual(['get 0']);
  });
});

describe('asTokenQueue', () => {
  it('a token list handed on twice is not turned around again, and shift and length read what is left', () => {
    const tokens = [1, 2, 3] as unknown as Parameters<typeof asTokenQueue>[0];
    const queue = asTokenQueue(tokens);
    expect(asTokenQueue(queue)).toBe(queue);
    expect([queue.shift(), queue.length, queue.shift(), queue.shift(), queue.length, queue.shift()]).toEqual([1, 2, 2, 3, 0, undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { caught, rejected } from './template-errors.ts';
import { denseLiquid } from '../../helpers/long-templates.ts';
import { compileTemplate, createEngine, maxBlockNesting, maxSourceChars, maxTemplateChars, renderGuards, renderTemplate } from '../../../templates/engine/index.ts';


// gtkit's guard, not Ground Truth's: the hint says so, and that heavy legal work reaches it too (F15).
const memoryHint = 'this render did more work than gtkit allows (20,000,000 characters and items written, copied or built, counted over the whole render); a loop or string that grows without bound is the usual cause, but many passes over a long text (replace in a loop, say) add up too: limit the range or the data the template walks through, or do the heavy work in the PRE Lambda';

// Written text is charged to renderGuards.memoryLimit (metering.ts).
describe('text a render writes counts against the memory limit', () => {
  it('a capture that doubles a string stops with the limit error (it used to abort V8)', async () => {
    const bomb = '{% capture s %}&&&&&&&&&&{% endcapture %}{% for i in (1..23) %}{% capture s %}{{ s | skip_autoescape }}{{ s | skip_autoescape }}{% endcapture %}{% endfor %}{{ s }}';
    const started = performance.now();
    const e = await rejected(renderTemplate(bomb, {}));
    expect(performance.now() - started).toBeLessThan(1_000);
    // At the second output inside the capture: the write that crosses the limit.
    expect(e.message.split('\n').slice(0, 2)).toEqual(['template.liquid.html:1:104: memory alloc limit exceeded', `  hint: ${memoryHint}`]);
    expect(e.code).toBe('limit');
  });

  it('captured copies of a big string, each kept in its own variable, stop too', async () => {
    let t = '{% capture s %}&&&&&&&&&&{% endcapture %}{% for i in (1..18) %}{% capture s %}{{ s | skip_autoescape }}{{ s | skip_autoescape }}{% endcapture %}{% endfor %}';
    for (let k = 0; k < 25; k++) t += `{% capture v${k} %}{{ s }}{% endcapture %}`;
    const e = await rejected(renderTemplate(`${t}done`, {}));
    expect([e.code, e.problem]).toEqual(['limit', 'memory alloc limit exceeded']);
  });

  it('an output repeated in a loop stops, escaped or raw', async () => {
    const input = { s: 'x'.repeat(100_000) };
    for (const output of ['{{ task.input.s }}', '{{ task.input.s | skip_autoescape }}', '{% echo task.input.s %}']) {
      const e = await rejected(renderTemplate(`{% for i in (1..300) %}${output}{% endfor %}`, input));
      expect(e.message.split('\n')[0]).toBe('template.liquid.html:1:24: memory alloc limit exceeded');
    }
  });

  it('escaping is charged as well as the page, so an 11M-character value fails escaped and renders raw', async () => {
    const input = { s: 'x'.repeat(11_000_000) };
    expect((await rejected(renderTemplate('{{ task.input.s }}', input))).message.split('\n')[0]).toMatch(/memory alloc limit exceeded$/);
    expect((await renderTemplate('{{ task.input.s | skip_autoescape }}', input)).length).toBe(11_000_000);
  });

  it('a page under the limit renders in full', async () => {
    const html = await renderTemplate('{% capture c %}{{ task.input.s }}{% endcapture %}{% for i in (1..3) %}{{ c | skip_autoescape }}{% endfor %}', { s: '<'.repeat(1_000_000) });
    expect(html.length).toBe(3 * 4_000_000);
    expect(renderGuards.memoryLimit).toBe(20_000_000);
  });
});

describe('block nesting', () => {
  const nested = (levels: number) => `${'{%if 1%}'.repeat(levels)}x${'{%endif%}'.repeat(levels)}`;

  it(`${maxBlockNesting} levels render`, async () => {
    expect(await renderTemplate(nested(maxBlockNesting), {})).toBe('x');
  });

  it('one more is refused at parse time, at the block that goes too deep', () => {
    const e = caught(() => compileTemplate(nested(maxBlockNesting + 1), { file: 'deep.html' }));
    expect(e.message.split('\n').slice(0, 2)).toEqual([
      'deep.html:1:801: Liquid blocks (if, for, capture, …) nested more than 100 levels deep',
      '  hint: flatten the template: use elsif, case/when, and/or or a second loop instead of nesting deeper (Shopify Liquid also stops at 100: "Nesting too deep")',
    ]);
    expect(e.code).toBe('limit');
  });

  // Review 67 F3: the guard counted what stood inside the blocks, so a 101st empty block passed.
  it('the 101st block is refused also when it is empty, whichever blocks nest', () => {
    const blocks = [['{% if a %}', '{% endif %}'], ['{% unless a %}', '{% endunless %}'], ['{% for i in (1..1) %}', '{% endfor %}'], ['{% case a %}{% when 1 %}', '{% endcase %}'], ['{% capture c %}', '{% endcapture %}'], ['{% tablerow i in (1..1) %}', '{% endtablerow %}']] as const;
    for (const [open, close] of blocks) {
      const e = caught(() => compileTemplate(`${open.repeat(maxBlockNesting + 1)}${close.repeat(maxBlockNesting + 1)}`));
      expect([e.code, e.line, e.column], open).toEqual(['limit', 1, maxBlockNesting * open.length + 1]);
      expect(() => compileTemplate(`${open.repeat(maxBlockNesting)}${close.repeat(maxBlockNesting)}`), open).not.toThrow();
    }
    // An empty branch of the 100th block is no level; a 101st block in it is.
    expect(() => compileTemplate(`${'{% if a %}'.repeat(100)}{% else %}${'{% endif %}'.repeat(100)}`)).not.toThrow();
    expect(caught(() => compileTemplate(`${'{% if a %}'.repeat(100)}{% else %}{% if b %}{% endif %}${'{% endif %}'.repeat(100)}`)).column).toBe(1011);
  });

  it('a {% liquid %} tag is a level, so it cannot nest in itself without bound', () => {
    expect(caught(() => compileTemplate(`{% liquid ${'liquid '.repeat(100)}echo "x" %}`)).problem).toBe('Liquid blocks (if, for, capture, …) nested more than 100 levels deep');
    expect(caught(() => compileTemplate(`{% liquid\n${'if a\n'.repeat(100)}${'endif\n'.repeat(100)}%}`)).line).toBe(101);
  });

  it('thousands of levels of if, for or capture: the same error, no stack overflow', () => {
    for (const [open, close] of [['{% if true %}', '{% endif %}'], ['{% for i in (1..1) %}', '{% endfor %}'], ['{% capture a %}', '{% endcapture %}']] as const) {
      const e = caught(() => compileTemplate(`${open.repeat(10_000)}x${close.repeat(10_000)}`));
      expect([e.code, e.problem, e.column]).toEqual(['limit', 'Liquid blocks (if, for, capture, …) nested more than 100 levels deep', 100 * open.length + 1]);
    }
  });
});

describe('a template larger than the engine parses', () => {
  it('says how large it is and that the cap is gtkit\'s, not Ground Truth\'s', () => {
    const e = caught(() => compileTemplate('x'.repeat(1_300_000), { file: 'big.html' }));
    expect(e.message.split('\n').slice(0, 2)).toEqual([
      "big.html:1:1: the template has 1,300,000 characters; gtkit reads at most 1,000,000 (its own guard against runaway files; Ground Truth's preview, RenderUiTemplate, refuses more than 128,000)",
      '  hint: move large scripts, styles and instructions to files served from S3 or a CDN',
    ]);
    expect(e.code).toBe('template-too-large');
  });

  it('an engine made with createEngine (public) and parsed directly stops past the cap too', async () => {
    const engine = createEngine();
    expect(() => engine.parse('x'.repeat(maxSourceChars + 1))).toThrow('parse length limit exceeded');
    await expect(engine.parseAndRender('x'.repeat(maxSourceChars + 1))).rejects.toThrow('parse length limit exceeded');
    expect(await engine.parseAndRender('x'.repeat(maxSourceChars))).toHaveLength(maxSourceChars);
  });
});

// liquidjs took each token off the front of one array with shift(), which copies the rest once
// the array is large, so parsing was quadratic (token-queue.ts). Time depends on the machine and
// its load; the shifts of a long array do not.
describe('parsing stays linear up to the cap', () => {
  it('a template of 200,000 outputs, at the cap, parses without shifting a long token list, and renders', async () => {
    const source = denseLiquid(maxSourceChars);
    expect(source.length).toBe(maxSourceChars);
    const shift = Array.prototype.shift;
    let longShifts = 0;
    Array.prototype.shift = function (this: unknown[]) {
      if (this.length > 1_000) longShifts++;
      return shift.call(this) as unknown;
    };
    let template: ReturnType<typeof compileTemplate>;
    try {
      template = compileTemplate(source, {});
    } finally {
      Array.prototype.shift = shift;
    }
    expect(longShifts).toBe(0);
    // Rendered with shift as it is: the counting wrapper slowed the whole render past the 2 s
    // render guard on a loaded CI machine, and the quadratic cost was the parse's.
    expect(await template.render({})).toBe('end    ');
  }, 30_000);

  it('blocks, captures, raw and comments at the cap parse as they did', async () => {
    const unit = '{% if task.input.a %}{% capture c %}{{ task.input.a }}{% endcapture %}{{ c }}{% endif %}{% raw %}{{r}}{% endraw %}{% comment %}x{% endcomment %}{% liquid echo "-" %}';
    const count = Math.floor(maxSourceChars / unit.length);
    expect(await renderTemplate(unit.repeat(count), { a: '<' })).toBe('&lt;{{r}}-'.repeat(count));
    expect(maxTemplateChars * 7).toBeLessThan(unit.length * count);
  }, 30_000);
});

describe('for over a range literal with limit and offset (for-tag.ts)', () => {
  it('builds only the items it walks, as Shopify iterates lazily', async () => {
    expect(await renderTemplate('{% for i in (1..100000000) limit:3 %}{{ i }}/{{ forloop.length }} {% endfor %}', {})).toBe('1/3 2/3 3/3 ');
    expect(await renderTemplate('{% for i in (1..100000000) offset:5 limit:3 reversed %}{{ i }} {% endfor %}', {})).toBe('8 7 6 ');
    expect(await renderTemplate('{% assign n = 100000000 %}{% for i in (1..n) offset:2 limit:2 %}{{ i }}{% endfor %}', {})).toBe('34');
  });

  it('keeps liquidjs semantics for offset: continue, string and negative arguments, short and empty ranges', async () => {
    expect(await renderTemplate('{% for i in (1..100000000) limit:2 %}{{ i }}{% endfor %}|{% for i in (1..100000000) offset:continue limit:2 %}{{ i }}{% endfor %}', {})).toBe('12|34');
    expect(await renderTemplate('{% for i in (1..5) limit:-2 %}{{ i }}{% endfor %}|{% for i in (1..5) offset:"2" limit:"2" %}{{ i }}{% endfor %}|{% for i in (5..1) limit:2 %}{{ i }}{% else %}none{% endfor %}', {})).toBe('123|34|none');
    expect(await renderTemplate('{% for i in (1..3) limit:10 %}{{ i }}{% endfor %}|{% for i in (1..6) offset:2 %}{{ i }}{% endfor %}', {})).toBe('123|3456');
    // limit:0 slices a non-empty range to nothing: the else branch, as in Shopify (liquidjs skipped it; for-tag.test.ts).
    expect(await renderTemplate('{% for i in (1..5) limit:0 %}{{ i }}{% else %}E{% endfor %}|{% for i in (1..5) offset:9 limit:2 %}{{ i }}{% else %}E{% endfor %}', {})).toBe('E|E');
  });

  it('a huge range without limit still stops, at the for tag', async () => {
    const e = await rejected(renderTemplate('ab\n  {% for i in (1..100000000) %}{{ i }}{% endfor %}', {}));
    expect(e.message.split('\n').slice(0, 2)).toEqual(['template.liquid.html:2:3: memory alloc limit exceeded', `  hint: ${memoryHint}`]);
  });
});

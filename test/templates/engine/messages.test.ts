import { createEngine } from '../../../templates/engine/engine.ts';
import { describe, expect, it } from 'vitest';
import { caught, rejected } from './template-errors.ts';
import { compileTemplate, renderGuards, renderTemplate } from '../../../templates/engine/index.ts';

/** A resolver whose first presign outlasts the render's time limit (credentials resolved on first use), then answers at once. */
function slowFirstResolver() {
  let first = true;
  return {
    async resolve(uri: string) {
      // Only the first call is slow, also when a render gave up on it before it answered.
      const slow = first;
      first = false;
      if (slow) await new Promise((resolve) => setTimeout(resolve, renderGuards.renderLimit + 300));
      return `https://signed.example/${uri.slice(5)}`;
    },
  };
}

const parseError = (source: string) => caught(() => compileTemplate(source, { file: 't.html' }));
const blockHint = 'blocks close innermost first, each with its own end tag: {% if %}…{% endif %}, {% for %}…{% endfor %}, {% unless %}…{% endunless %}, {% case %}…{% endcase %}, {% capture %}…{% endcapture %}';

// Review 43 F22: liquidjs reports a stray end or branch tag as `tag "endfor" not found`, with a
// hint about which tags exist; nothing said which block was open or what closes it.
describe('an end or branch tag that no open block takes', () => {
  it('says which block is open, where, and what closes it', () => {
    const e = parseError('<crowd-form>\n{% if task.input.x %}\n  <p>x</p>\n{% endfor %}\n</crowd-form>');
    expect(e).toMatchObject({ line: 4, column: 1, code: 'syntax', hint: blockHint });
    expect(e.problem).toBe('{% endfor %} cannot close the {% if %} opened at 2:1, which ends with {% endif %}; no {% for %} is open');
  });

  it('crossed blocks: the inner one is named, and nothing is said to be missing', () => {
    expect(parseError('{% for x in l %}\n  {% if x %}{% endfor %}{% endif %}').problem).toBe('{% endfor %} cannot close the {% if %} opened at 2:3, which ends with {% endif %}');
  });

  it('a stray end tag, else, elsif or when', () => {
    expect(parseError('<p>a</p>\n{% endif %}')).toMatchObject({ line: 2, column: 1, code: 'syntax', problem: '{% endif %} closes nothing: no {% if %} is open', hint: blockHint });
    expect(parseError('<p>a</p>\n{% else %}')).toMatchObject({ line: 2, code: 'syntax', problem: '{% else %} is outside any block; it belongs in {% if %}, {% unless %}, {% case %}, {% for %}', hint: blockHint });
    expect(parseError('{% capture c %}{% elsif x %}{% endcapture %}')).toMatchObject({ problem: '{% elsif %} cannot stand in the {% capture %} opened at 1:1; it belongs in {% if %}, {% unless %}', hint: blockHint });
    expect(parseError('{% case a %}{% when 1 %}{% if b %}{% when 2 %}{% endif %}{% endcase %}').problem).toBe('{% when %} cannot stand in the {% if %} opened at 1:25; it belongs in {% case %}');
  });
});

// Helper-52 task 5: inside {% liquid %} a stray end tag was an unknown tag, with "did you mean endif?" for endif.
describe('the same inside {% liquid %}', () => {
  it('a stray end tag names the block open in the liquid tag, or the liquid tag itself', () => {
    expect(parseError('<p>\n{% liquid\n  if a\n    echo 1\n  endfor\n%}')).toMatchObject({
      line: 5, column: 3, code: 'syntax', hint: blockHint,
      problem: '{% endfor %} cannot close the {% if %} opened at 3:3, which ends with {% endif %}; no {% for %} is open',
    });
    expect(parseError('{% liquid\n  assign a = 1\n  endif\n%}')).toMatchObject({ line: 3, column: 3, code: 'syntax', problem: '{% endif %} has no {% if %} to close inside the {% liquid %} tag at 1:1' });
    expect(parseError('{% if x %}{% liquid\nendif\n%}{% endif %}').problem).toBe('{% endif %} has no {% if %} to close inside the {% liquid %} tag at 1:11');
    expect(parseError('{% liquid\nfor i in (1..2)\n  if i\n  endfor\nendif\n%}').problem).toBe('{% endfor %} cannot close the {% if %} opened at 3:3, which ends with {% endif %}');
  });

  it('a stray else, elsif or when', () => {
    expect(parseError('{% liquid\nelse\n%}')).toMatchObject({ line: 2, column: 1, code: 'syntax', problem: '{% else %} is outside any block inside the {% liquid %} tag at 1:1; it belongs in {% if %}, {% unless %}, {% case %}, {% for %}' });
    expect(parseError('{% liquid\ncapture c\n  when 1\nendcapture\n%}').problem).toBe('{% when %} cannot stand in the {% capture %} opened at 2:1; it belongs in {% case %}');
  });

  // liquidjs quoted the line with its line break (`tag if a\n not closed`), and the message was cut after `tag if a`.
  it('a block left open says which and where, like {% if %} outside', () => {
    expect(parseError('<p>\n{% liquid\n  assign a = 1\n  if a\n    echo 1\n%}')).toMatchObject({ line: 4, column: 3, code: 'syntax', problem: 'tag {% if a %} not closed: the {% liquid %} tag at 2:1 ends before its endif' });
    expect(parseError('{% liquid\nfor x in task.input.l\n  capture c\n  endcapture\n%}').problem).toBe('tag {% for x in task.input.l %} not closed: the {% liquid %} tag at 1:1 ends before its endfor');
  });

  it('an unknown tag gets its "did you mean"', () => {
    const e = parseError('{% liquid\nif a\n  echo 1\nelseif b\nendif\n%}');
    expect(e).toMatchObject({ line: 4, column: 1, code: 'unknown-tag', problem: 'tag "elseif" not found' });
    expect(e.hint).toMatch(/^did you mean elsif\? /);
    expect(parseError('{% liquid\nendiff\n%}').hint).toMatch(/^did you mean endif\? /);
  });
});

describe('an unknown tag gets a "did you mean", as an unknown filter does', () => {
  it('elseif → elsif, endiff → endif, captur → capture', () => {
    const elseif = parseError('{% if a %}x{% elseif b %}y{% endif %}');
    expect(elseif).toMatchObject({ line: 1, column: 12, code: 'unknown-tag', problem: 'tag "elseif" not found' });
    expect(elseif.hint).toMatch(/^did you mean elsif\? Ground Truth templates use Shopify Liquid tags/);
    expect(parseError('{% if a %}x{% endiff %}').hint).toMatch(/^did you mean endif\?/);
    expect(parseError('{% captur x %}{% endcapture %}').hint).toMatch(/^did you mean capture\?/);
    expect(parseError('{% include "x" %}').hint).not.toContain('did you mean');
  });
});

describe('operators from other languages', () => {
  it.each([
    ['{% if task.input.a && task.input.b %}x{% endif %}', '&& is not a Liquid operator: write and'],
    ['{% if task.input.a || task.input.b %}x{% endif %}', '|| is not a Liquid operator: write or'],
    ['{% if task.input.a === "b" %}x{% endif %}', '=== is not a Liquid operator: write =='],
    ['{% if a %}{% elsif task.input.a !== "b" %}x{% endif %}', '!== is not a Liquid operator: write !='],
    ['{% unless a && b %}x{% endunless %}', '&& is not a Liquid operator: write and'],
  ])('%s', (source, problem) => {
    const e = parseError(source);
    expect(e).toMatchObject({ code: 'syntax', problem });
    expect(e.hint).toBe('Liquid conditions use and, or, == and != (there is no &&, ||, === or !==, and no parentheses)');
  });

  it('not when the characters are inside quotes', () => {
    expect(parseError('{% if a = "x && y" %}x{% endif %}').problem).toBe('expected "|" before filter');
  });
});

describe('url_encode on half of a character', () => {
  it('names the filter, the character and the place', async () => {
    const e = await rejected(renderTemplate('<p>\n<a href="?q={{ task.input.q | url_encode }}">go</a>', { q: 'ok😀\ud83d' }, { file: 't.html' }));
    expect(e).toMatchObject({ line: 2, column: 13, code: 'render' });
    expect(e.problem).toBe('url_encode cannot encode this text: character 4 is half of a character (a lone UTF-16 surrogate, \\uD83D), which has no URL encoding');
    expect(e.hint).toContain('half of an emoji');
    expect(await renderTemplate('{{ task.input.q | url_encode }}', { q: 'a b😀' })).toBe('a+b%F0%9F%98%80');
  });
});

// Review 43 F15: the limits are gtkit's, and legal but heavy renders reach them too.
describe('limit errors say they are gtkit\'s limits', () => {
  it('the memory limit names its size and does not only blame a runaway loop', async () => {
    const e = await rejected(renderTemplate('{% for i in (1..30000000) %}{% endfor %}', {}));
    expect(e.code).toBe('limit');
    expect(e.hint).toMatch(/^this render did more work than gtkit allows \(20,000,000 characters and items .*\); a loop or string that grows without bound is the usual cause, but /);
  });

  it('the time limit says when the time went into presigning, and points at the slowest presign', async () => {
    const resolver = slowFirstResolver();
    const t = compileTemplate('<h1>x</h1>\n<img src="{{ task.input.a | grant_read_access }}">\n<p>{{ task.input.caption }}</p>', { file: 't.html', resolver });
    const e = await rejected(t.render({ a: 's3://b/k.jpg', caption: 'hi' }));
    expect(e).toMatchObject({ line: 2, column: 29, code: 'limit' });
    expect(e.problem).toMatch(/^template render limit exceeded: \d+ ms of it went into grant_read_access \/ s3_presign$/);
    expect(e.hint).toContain('the AWS SDK may wait for credentials');
    expect(await t.render({ a: 's3://b/k.jpg', caption: 'hi' })).toContain('https://signed.example/b/k.jpg');
  });

  // Review 67 F2: liquidjs checks the limit only between nodes, so a presign that never answered
  // (a credential provider waiting for input) hung the render, and a slow last one went unnoticed.
  it('a presign that never answers ends at the time limit, at its output', async () => {
    const t = compileTemplate('<h1>x</h1>\n<img src="{{ task.input.a | grant_read_access }}">', { file: 't.html', resolver: { resolve: () => new Promise<string>(() => {}) } });
    const started = performance.now();
    const e = await rejected(t.render({ a: 's3://b/k.jpg' }));
    expect(performance.now() - started).toBeLessThan(renderGuards.renderLimit + 1_000);
    expect(e).toMatchObject({ line: 2, column: 29, code: 'limit' });
    expect(e.problem).toMatch(/^template render limit exceeded: \d+ ms of it went into grant_read_access \/ s3_presign$/);
  });

  // Review 68: the wait ends at *the render's* deadline (liquidjs keeps it in a private field;
  // should that go, each presign would get gtkit's whole 2 s and this would fail), and a lifted
  // limit sets no timer (a delay past 2^31 − 1 ms fires at once).
  it("a presign waits only for the render's own time left, and not at all for a lifted limit", async () => {
    const never = createEngine({ resolver: { resolve: () => new Promise<string>(() => {}) } });
    const started = performance.now();
    await expect(never.parseAndRender('<img src="{{ a | grant_read_access }}">', { a: 's3://b/k.jpg' }, { renderLimit: 300 })).rejects.toThrow(/render limit exceeded/);
    expect(performance.now() - started).toBeLessThan(1_000);
    const slow = createEngine({ resolver: { resolve: () => new Promise<string>((done) => setTimeout(() => done('https://signed.example/k.jpg'), 30)) } });
    expect(await slow.parseAndRender('<img src="{{ a | grant_read_access }}">', { a: 's3://b/k.jpg' }, { renderLimit: Number.POSITIVE_INFINITY })).toBe('<img src="https://signed.example/k.jpg">');
  });

  // Review 46 F3: the limit is explained once per render, where liquidjs has wrapped it in the
  // RenderError of the block around the check.
  it('also when the limit trips inside a block, after the presign', async () => {
    const resolver = slowFirstResolver();
    const t = compileTemplate('{% for i in (1..3) %}{% if true %}\n<img src="{{ task.input.a | grant_read_access }}">{% endif %}{% endfor %}', { file: 't.html', resolver });
    const e = await rejected(t.render({ a: 's3://b/k.jpg' }));
    expect(e).toMatchObject({ line: 2, column: 29, code: 'limit' });
    expect(e.problem).toMatch(/^template render limit exceeded: \d+ ms of it went into grant_read_access \/ s3_presign$/);
  });
});

import { describe, expect, it } from 'vitest';
import { deterministicResolver, localResolver, renderTemplate } from '../../../templates/engine/index.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);
const oneil = { name: "O'Neil & Sons" };

// Reference §3.4: every output HTML-escaped; escape / escape_once never twice; skip_autoescape.
describe('autoescape (reference §3.4)', () => {
  it('escapes every output by default, the apostrophe as &#39; (documented example: O\'Neil & Sons)', async () => {
    expect(await render('{{ task.input.name }}', oneil)).toBe('O&#39;Neil &amp; Sons');
  });

  it('escapes " < > too (presumed: Shopify / CGI.escapeHTML)', async () => {
    expect(await render('{{ task.input.t }}', { t: '<b class="x">' })).toBe('&lt;b class=&quot;x&quot;&gt;');
  });

  it('| escape gives the same as autoescape (documented: it only makes escaping obvious)', async () => {
    expect(await render('{{ task.input.name | escape }}', oneil)).toBe('O&#39;Neil &amp; Sons');
    expect(await render('{{ task.input.t | escape }}', { t: '<b>' })).toBe('&lt;b&gt;');
  });

  it('| escape_once keeps entities already there (documented: O\'Neil &amp; Sons)', async () => {
    expect(await render('{{ task.input.name | escape_once }}', { name: "O'Neil &amp; Sons" })).toBe('O&#39;Neil &amp; Sons');
    expect(await render('{{ task.input.t | escape_once }}', { t: '&lt;b&gt; & &#39; &#x27; &copy; &nope' })).toBe('&lt;b&gt; &amp; &#39; &#x27; &copy; &amp;nope');
  });

  it('| skip_autoescape writes the value as it is (documented: O\'Neil & Sons)', async () => {
    expect(await render('{{ task.input.name | skip_autoescape }}', oneil)).toBe("O'Neil & Sons");
    expect(await render('{{ task.input.t | skip_autoescape }}', { t: '<b>bold</b>' })).toBe('<b>bold</b>');
  });

  it('escape or escape_once anywhere in the chain: escaped exactly once', async () => {
    // Character references keep their names through upcase (escape-chain.test.ts).
    expect(await render('{{ task.input.name | escape | upcase }}', oneil)).toBe('O&#39;NEIL &amp; SONS');
    expect(await render('{{ task.input.t | escape | append: "<i>" }}', { t: '<b>' })).toBe('&lt;b&gt;&lt;i&gt;');
    expect(await render('{{ task.input.t | escape_once | prepend: "&" }}', { t: '&amp;' })).toBe('&amp;&amp;');
  });

  it('skip_autoescape anywhere in the chain turns escaping off for that output', async () => {
    expect(await render('{{ task.input.t | skip_autoescape | upcase }}', { t: '<b>' })).toBe('<B>');
  });

  it('other filters are escaped after they run', async () => {
    expect(await render('{{ task.input.t | upcase }}', { t: "<a & 'b'>" })).toBe('&lt;A &amp; &#39;B&#39;&gt;');
    expect(await render('{{ "<x>" | append: task.input.t }}', { t: '&' })).toBe('&lt;x&gt;&amp;');
  });

  it('literal text and text outside outputs is left alone', async () => {
    expect(await render('<p class="a">&amp; {{ "&" }}</p>')).toBe('<p class="a">&amp; &amp;</p>');
  });

  it('values kept with assign or capture are escaped once: assigned task input when output, a capture when captured', async () => {
    expect(await render('{% assign n = task.input.name %}{{ n }}', oneil)).toBe('O&#39;Neil &amp; Sons');
    // A capture is HTML already (escape-once-stored.test.ts); it used to be escaped again unless skip_autoescape.
    expect(await render('{% capture c %}<b>{{ task.input.name }}</b>{% endcapture %}{{ c | skip_autoescape }}|{{ c }}', oneil)).toBe('<b>O&#39;Neil &amp; Sons</b>|<b>O&#39;Neil &amp; Sons</b>');
  });

  it('echo (and echo inside {% liquid %}) follows the same rules as {{ }}', async () => {
    expect(await render('{% echo task.input.name %}', oneil)).toBe('O&#39;Neil &amp; Sons');
    expect(await render('{% echo task.input.name | escape | upcase %}', oneil)).toBe('O&#39;NEIL &amp; SONS');
    expect(await render('{% liquid\n echo task.input.t | skip_autoescape | upcase\n%}', { t: '<b>' })).toBe('<B>');
  });

  it('escapes inside if, for, case and nested blocks as at top level', async () => {
    const t = '{% if true %}{% for x in task.input.l %}{% case x %}{% when "<" %}{{ x | escape | upcase }}{% else %}{{ x }}{% endcase %}{% endfor %}{% endif %}';
    expect(await render(t, { l: ['<', '&', "'"] })).toBe('&lt;&amp;&#39;');
  });

  it('nil, missing values and arrays: empty, empty, joined', async () => {
    expect(await render('[{{ task.input.none }}][{{ task.input.missing }}][{{ task.input.l }}]', { none: null, l: ['<a>', 'b'] })).toBe('[][][&lt;a&gt;b]');
  });
});

// Reference §3.3: Ground Truth's own filters.
describe('to_json', () => {
  it('serialises arrays and objects compactly, unescaped when it ends the chain', async () => {
    expect(await render('{{ task.input.l | to_json }}', { l: ['a', 'b c', 'd"e'] })).toBe('["a","b c","d\\"e"]');
    expect(await render('{{ task.input.o | to_json }}', { o: { point_number: 8, coords: [59, 76] } })).toBe('{"point_number":8,"coords":[59,76]}');
  });

  it('| to_json | escape fits any attribute and decodes back to the JSON', async () => {
    expect(await render('{{ task.input.l | to_json | escape }}', { l: ["it's", '<b>'] })).toBe('[&quot;it\\u0027s&quot;,&quot;\\u003cb\\u003e&quot;]');
  });

  it('strings, numbers, booleans, nil and missing values', async () => {
    expect(await render('{{ "a\\"b" | to_json }} {{ 3 | to_json }} {{ true | to_json }} {{ task.input.n | to_json }} {{ task.input.gone | to_json }}', { n: null })).toBe('"a\\"b" 3 true null null');
  });

  it('followed by another filter, the result is escaped as usual', async () => {
    expect(await render('{{ task.input.l | to_json | append: "" }}', { l: ['a'] })).toBe('[&quot;a&quot;]');
  });

  it('writes < > & \' U+2028 U+2029 as \\u escapes, so raw output cannot leave a <script> or a single-quoted attribute', async () => {
    const input = { source: 'Hello </script><script>alert(1)</script>', amp: 'a & b', quote: "it's", lines: 'a\u2028b\u2029c' };
    const html = await render('<script>const d = {{ task.input | to_json }};</script>', input);
    expect(html).toBe(
      '<script>const d = {"source":"Hello \\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e","amp":"a \\u0026 b","quote":"it\\u0027s","lines":"a\\u2028b\\u2029c"};</script>',
    );
    expect(await render("<crowd-classifier categories='{{ task.input.l | to_json }}'>", { l: ["x' onfocus='alert(1)"] })).toBe(
      "<crowd-classifier categories='[\"x\\u0027 onfocus=\\u0027alert(1)\"]'>",
    );
  });

  it('the escaped JSON parses to the identical value, keys included', async () => {
    const input = { '<k&>': ["</script>", "it's", '\u2028\u2029', '&amp;'], n: [1, 2.5, null, true] };
    expect(JSON.parse(await render('{{ task.input | to_json }}', input))).toEqual(input);
  });

  it('hyphenated keys and unicode survive', async () => {
    expect(await render('{{ task.input | to_json }}', { 'source-ref': 's3://b/k', text: '東京 👩‍💻' })).toBe('{"source-ref":"s3://b/k","text":"東京 👩‍💻"}');
  });
});

describe('grant_read_access and s3_presign', () => {
  const resolver = localResolver('/__s3/');

  it('turn s3:// URIs into URLs through the resolver (hyphenated key in a dot path, as documented)', async () => {
    expect(await renderTemplate('{{ task.input.source-ref | grant_read_access }}', { 'source-ref': 's3://bucket/a b/c.jpg' }, { resolver })).toBe('/__s3/bucket/a%20b/c.jpg');
    expect(await renderTemplate('{{ task.input.source-ref | s3_presign }}', { 'source-ref': 's3://bucket/a b/c.jpg' }, { resolver })).toBe('/__s3/bucket/a%20b/c.jpg');
  });

  it('also presign path-style https://s3.amazonaws.com/bucket/key URLs, as AWS examples do', async () => {
    expect(await renderTemplate('{{ task.input.u | grant_read_access }}', { u: 'https://s3.amazonaws.com/bucket/k%20x.png' }, { resolver })).toBe('/__s3/bucket/k%20x.png');
  });

  it('pass other URLs and non-strings through', async () => {
    expect(await renderTemplate('{{ task.input.u | grant_read_access }}|{{ task.input.n | grant_read_access }}|{{ task.input.gone | s3_presign }}', { u: 'https://example.com/x.png?a=1&b=2', n: 5 }, { resolver })).toBe(
      'https://example.com/x.png?a=1&amp;b=2|5|',
    );
  });

  it('are escaped like any output, so a presigned URL is safe in an attribute', async () => {
    const html = await renderTemplate('<img src="{{ \'s3://b/k\' | grant_read_access }}">', {}, { resolver: deterministicResolver() });
    expect(html).toBe('<img src="https://s3.amazonaws.com/b/k?X-Amz-Expires=3600&amp;X-Amz-Signature=gtkit-test">');
  });

  it('wait for an asynchronous resolver', async () => {
    const slow = { resolve: async (uri: string) => `https://signed.example/${uri.slice(5)}` };
    expect(await renderTemplate('{{ "s3://b/k" | grant_read_access }}', {}, { resolver: slow })).toBe('https://signed.example/b/k');
  });
});

describe('first and last on a hash, as Shopify reads them', () => {
  it('are the first and last [key, value] pairs, unless the hash has such keys; arrays are unchanged', async () => {
    const input = { h: { x: 1, y: 2, z: 3 }, own: { first: 'mine', last: 'also mine' }, a: [4, 5], empty: {} };
    expect(await render('{{ task.input.h.first }}|{{ task.input.h.last }}|{{ task.input.h.first[0] }}|{{ task.input.h.last[1] }}', input)).toBe('x1|z3|x|3');
    expect(await render('{{ task.input.own.first }}|{{ task.input.own.last }}|{{ task.input.a.first }}|{{ task.input.a.last }}|[{{ task.input.empty.first }}]', input)).toBe('mine|also mine|4|5|[]');
  });
});

describe('first, last and size read the same way as filters, as properties and inside where/map', () => {
  it('the first and last filters give a hash\'s end pairs; arrays and strings keep liquidjs\'s reading', async () => {
    const input = { h: { a: 1, b: 2 }, arr: [4, 5], s: 'abc' };
    expect(await render('{{ task.input.h | first }}|{{ task.input.h | last }}|{{ task.input.h.first }}|{{ task.input.arr | first }}|{{ task.input.arr | last }}|{{ task.input.s | first }}', input)).toBe('a1|b2|a1|4|5|a');
  });

  it('where and map read .size through the same context: an emoji is one character', async () => {
    const input = { a: [{ s: '😀' }, { s: 'bc' }] };
    expect(await render('{% assign one = task.input.a | where: "s.size", 1 %}{{ one.size }}|{{ task.input.a | map: "s.size" | join: "," }}', input)).toBe('1|1,2');
  });
});

describe('size, as Shopify counts', () => {
  it('a hash: its number of keys, as a filter and as .size', async () => {
    expect(await render('{{ task.input.h | size }}|{{ task.input.h.size }}|{{ task.input | size }}', { h: { cat: 'Cat', dog: 'Dog', bird: 'Bird' } })).toBe('3|3|1');
    expect(await render('{% assign n = task.input.h | size %}{% if n > 2 %}many{% else %}few{% endif %}', { h: { a: 1, b: 2, c: 3 } })).toBe('many');
  });

  it('a string: its characters (code points), not UTF-16 units', async () => {
    expect(await render('{{ task.input.t | size }}|{{ task.input.t.size }}', { t: '😀😀😀' })).toBe('3|3');
    expect(await render('{{ task.input.t | size }}|{{ task.input.t.size }}', { t: 'café 東京' })).toBe('7|7');
    expect(await render('{{ task.input.t | size }}', { t: '\uD800x' })).toBe('2');
  });

  it('an array: its length; anything else: 0', async () => {
    expect(await render('{{ task.input.l | size }}|{{ task.input.n | size }}|{{ task.input.gone | size }}|{{ 5 | size }}|{{ true | size }}', { l: [1, [2, 3], {}], n: null })).toBe('3|0|0|0|0');
  });

  it('a hash with its own size key keeps it for .size (Shopify reads the key first)', async () => {
    expect(await render('{{ task.input.h.size }}|{{ task.input.h | size }}', { h: { size: 'L', a: 1 } })).toBe('L|2');
  });
});

describe('url_decode, as Ruby\'s CGI.unescape', () => {
  it('decodes %XX as UTF-8 and + as a space', async () => {
    expect(await render('{{ "caf%C3%A9+au+lait%21" | url_decode }}', {})).toBe('café au lait!');
  });

  it('leaves malformed escapes as they are instead of failing', async () => {
    expect(await render('{{ task.input.s | url_decode }}', { s: 'a b&c/%zz' })).toBe('a b&amp;c/%zz');
    expect(await render('{{ "100%" | url_decode }}|{{ "%4" | url_decode }}|{{ "%FF%41" | url_decode }}|{{ "%41%zz%42" | url_decode }}', {})).toBe('100%|%4|%FF%41|A%zzB');
  });
});

// Helper-52 task 3: liquidjs's url_encode (encodeURIComponent) left ' ! ( ) * as they are.
describe('url_encode, as Ruby\'s CGI.escape', () => {
  it('keeps only A-Z a-z 0-9 _ . - ~, writes a space as +, and percent-encodes every other UTF-8 byte in capitals', async () => {
    expect(await render('{{ task.input.s | url_encode }}', { s: "it's (a) *b*! ~x_y.z-" })).toBe('it%27s+%28a%29+%2Ab%2A%21+~x_y.z-');
    expect(await render('{{ task.input.s | url_encode }}', { s: 'a+b/c?d=e&f#g%h:@,;$ é😀' })).toBe('a%2Bb%2Fc%3Fd%3De%26f%23g%25h%3A%40%2C%3B%24+%C3%A9%F0%9F%98%80');
  });

  it('url_decode gives the text back', async () => {
    const s = "it's (a) *b*! ~x_y.z- a+b/c?d=e&f#g%h é😀\n";
    expect(await render('{{ task.input.s | url_encode | url_decode | skip_autoescape }}', { s })).toBe(s);
  });
});

describe('Shopify filters keep working', () => {
  it.each([
    ['{{ "Hello" | downcase }}', 'hello'],
    ['{{ task.input.l | join: ", " }}', 'a, b &amp; c'],
    ['{{ task.input.l | size }}', '2'],
    ['{{ task.input.l | first }}', 'a'],
    ['{{ "a-b" | split: "-" | last }}', 'b'],
    ['{{ task.input.missing | default: "none" }}', 'none'],
    ['{{ "abcdef" | truncate: 4 }}', 'a...'],
    ['{{ 7 | plus: 3 | times: 2 }}', '20'],
    ['{{ task.input.people | where: "role", "x" | map: "name" | join: "," }}', 'Ann'],
    ['{{ "<p>hi</p>" | strip_html }}', 'hi'],
    ['{{ "a b" | url_encode }}', 'a+b'],
  ])('%s', async (template, expected) => {
    expect(await render(template, { l: ['a', 'b & c'], people: [{ name: 'Ann', role: 'x' }, { name: 'Bo', role: 'y' }] })).toBe(expected);
  });
});

// Review 43 F9: liquidjs split "" into UTF-16 units, cutting an emoji into two lone surrogates.
describe('split: "" gives characters (code points), as Ruby and as size counts', () => {
  it('an emoji is one item, and the count agrees with size', async () => {
    expect(await render('{% assign chars = task.input.t | split: "" %}{% for c in chars %}<span data-offset="{{ forloop.index0 }}">{{ c }}</span>{% endfor %}', { t: 'a😀b' })).toBe(
      '<span data-offset="0">a</span><span data-offset="1">😀</span><span data-offset="2">b</span>',
    );
    expect(await render('{{ task.input.t.size }} {{ task.input.t | split: "" | size }}', { t: 'I ❤️ 😀 ok' })).toBe('9 9');
    expect(await render('{{ "a😀b" | split: "" | reverse | join: "" }}')).toBe('b😀a');
  });

  it('an empty string gives no items; other separators are unchanged', async () => {
    expect(await render('{{ "" | split: "" | size }}|{{ "a,b,," | split: "," | join: "+" }}|{{ "a😀b" | split: "😀" | join: "+" }}')).toBe('0|a+b|a+b');
  });
});

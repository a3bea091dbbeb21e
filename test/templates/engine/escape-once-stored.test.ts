import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../templates/engine/index.ts';

const render = (template: string, input: unknown = {}) => renderTemplate(template, input);
const tom = { s: "Tom & 'Jerry'" };

// Review 43 F3: a capture holds HTML (template text plus outputs escaped once); outputting it
// escaped it again, and the worker saw `&amp;` as text. Reference §3.4: escape exactly once.
describe('a capture is HTML: written as it is', () => {
  it('outputs once-escaped text and keeps its markup', async () => {
    expect(await render('{% capture c %}<b>{{ task.input.s }}</b>{% endcapture %}{{ c }}', tom)).toBe('<b>Tom &amp; &#39;Jerry&#39;</b>');
    expect(await render('{% capture c %}<b>{{ task.input.s }}</b>{% endcapture %}{% echo c %}|{% liquid\necho c\n%}', tom)).toBe('<b>Tom &amp; &#39;Jerry&#39;</b>|<b>Tom &amp; &#39;Jerry&#39;</b>');
  });

  it('a variable assigned from a capture is HTML too; escape and escape_once leave it alone', async () => {
    expect(await render('{% capture c %}<i>{{ task.input.s }}</i>{% endcapture %}{% assign d = c %}{{ d }}|{{ c | escape }}|{{ c | escape_once }}', tom)).toBe(
      '<i>Tom &amp; &#39;Jerry&#39;</i>|<i>Tom &amp; &#39;Jerry&#39;</i>|<i>Tom &amp; &#39;Jerry&#39;</i>',
    );
  });

  it('trimming, case changes and default keep it HTML (the common {{ c | strip }})', async () => {
    const t = '{% capture c %}\n  <b>{{ task.input.s }}</b>\n{% endcapture %}[{{ c | strip }}][{{ c | upcase | strip }}][{{ c | default: "none" }}]';
    expect(await render(t, tom)).toBe('[<b>Tom &amp; &#39;Jerry&#39;</b>][<B>TOM &AMP; &#39;JERRY&#39;</B>][\n  <b>Tom &amp; &#39;Jerry&#39;</b>\n]');
    expect(await render('{% capture c %}{% endcapture %}{{ c | default: "<none>" }}')).toBe('&lt;none&gt;');
  });

  it('other filters: the result escapes what they brought in and keeps the references already there', async () => {
    expect(await render('{% capture c %}{{ task.input.s }}{% endcapture %}{{ c | append: "<i>" }}|{{ c | replace: "Tom", "<Tom>" }}', tom)).toBe(
      'Tom &amp; &#39;Jerry&#39;&lt;i&gt;|&lt;Tom&gt; &amp; &#39;Jerry&#39;',
    );
  });

  it('reads as its text in conditions, size, loops and to_json', async () => {
    const t = '{% capture c %}{{ task.input.s }}{% endcapture %}{% if c == "Tom &amp; &#39;Jerry&#39;" %}eq{% endif %}|{% if c contains "&amp;" %}has{% endif %}|{{ c.size }}|{{ c | size }}|{% for x in c %}[{{ x }}]{% endfor %}|{{ c | to_json }}';
    expect(await render(t, tom)).toBe('eq|has|25|25|[Tom &amp; &#39;Jerry&#39;]|"Tom \\u0026amp; \\u0026#39;Jerry\\u0026#39;"');
  });

  it('a capture of spaces is blank, either way round', async () => {
    expect(await render('{% capture c %}{{ task.input.w }}{% endcapture %}{% if c == blank %}1{% endif %}{% if blank == c %}2{% endif %}{% if c != blank %}3{% endif %}', { w: '  \n' })).toBe('12');
  });
});

describe('assign … | escape is HTML: written once, as inline `| escape` is', () => {
  it('outputs without escaping again', async () => {
    expect(await render('{% assign e = task.input.s | escape %}{{ e }}', tom)).toBe('Tom &amp; &#39;Jerry&#39;');
  });

  it('followed by other filters, gives what the same chain inline gives', async () => {
    for (const rest of ['upcase', 'append: "<i>"', 'escape']) {
      expect(await render(`{% assign e = task.input.s | escape %}{{ e | ${rest} }}`, tom), rest).toBe(await render(`{{ task.input.s | escape | ${rest} }}`, tom));
    }
  });

  it('values assigned from task input stay plain text, escaped once when output', async () => {
    expect(await render('{% assign n = task.input.s %}{{ n }}|{{ n | upcase }}', tom)).toBe('Tom &amp; &#39;Jerry&#39;|TOM &amp; &#39;JERRY&#39;');
  });
});

describe('grant_read_access / s3_presign on a capture (the A2I pattern)', () => {
  const a2i = (scheme: string) =>
    `{% capture s3_arn %}${scheme}://s3.amazonaws.com/{{ task.input.bucket }}/{{ task.input.name }}{% endcapture %}<img src="{{ s3_arn | grant_read_access }}">`;

  it('presign the URL the HTML stands for: a key with \' and & is not cut at the first reference', async () => {
    expect(await render(a2i('https'), { bucket: 'my-bucket', name: "docs/O'Brien & Co.png" })).toBe(
      '<img src="https://s3.amazonaws.com/my-bucket/docs/O&#39;Brien%20%26%20Co.png?X-Amz-Expires=3600&amp;X-Amz-Signature=gtkit-test">',
    );
    expect(await render(`{% capture u %}{{ task.input.u }}{% endcapture %}{{ u | s3_presign }}`, { u: 's3://b/a&b.png' })).toBe(
      'https://s3.amazonaws.com/b/a%26b.png?X-Amz-Expires=3600&amp;X-Amz-Signature=gtkit-test',
    );
  });

  it('a URL that is not an S3 object comes back escaped once', async () => {
    expect(await render('{% capture u %}https://example.com/a?x=1&y={{ task.input.s }}{% endcapture %}<a href="{{ u | grant_read_access }}">', tom)).toBe(
      '<a href="https://example.com/a?x=1&amp;y=Tom &amp; &#39;Jerry&#39;">',
    );
  });
});

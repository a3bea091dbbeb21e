import { describe, expect, it } from 'vitest';
import { compileTemplate, deterministicResolver, localResolver, maxTemplateChars, renderTemplate, TemplateError } from '../../templates/engine/index.ts';

const render = (t: string, input: unknown) => renderTemplate(t, input);

describe('Ground Truth Liquid', () => {
  it('escapes every output by default, apostrophe as &#39; (the documented O\'Neil & Sons example)', async () => {
    expect(await render('{{ task.input.name }}', { name: "O'Neil & Sons" })).toBe('O&#39;Neil &amp; Sons');
    expect(await render('{{ task.input.name }}', { name: '<b>"x"</b>' })).toBe('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
  });

  it('explicit escape adds nothing on top of autoescape', async () => {
    expect(await render('{{ task.input.name | escape }}', { name: "O'Neil & Sons" })).toBe('O&#39;Neil &amp; Sons');
  });

  it('escape_once leaves existing entities alone', async () => {
    expect(await render('{{ task.input.name | escape_once }}', { name: "O'Neil &amp; Sons" })).toBe('O&#39;Neil &amp; Sons');
  });

  it('skip_autoescape outputs raw HTML', async () => {
    expect(await render('{{ task.input.name | skip_autoescape }}', { name: "O'Neil & Sons <b>" })).toBe("O'Neil & Sons <b>");
  });

  it('to_json serialises arrays and objects; with | escape it fits a double-quoted attribute', async () => {
    expect(await render("{{ task.input.l | to_json }}", { l: ['a', "b'c"] })).toBe('["a","b\'c"]');
    expect(await render('{{ task.input.o | to_json | escape }}', { o: { point_number: 8, coords: [59, 76] } })).toBe('{&quot;point_number&quot;:8,&quot;coords&quot;:[59,76]}');
  });

  it('grant_read_access and s3_presign go through the resolver; other URLs pass through', async () => {
    const resolver = localResolver('/__s3/');
    expect(await renderTemplate('{{ task.input.source-ref | grant_read_access }}', { 'source-ref': 's3://bucket/a b/c.jpg' }, { resolver })).toBe('/__s3/bucket/a%20b/c.jpg');
    expect(await renderTemplate('{{ task.input.u | s3_presign }}', { u: 'https://s3.amazonaws.com/bucket/k.png' }, { resolver })).toBe('/__s3/bucket/k.png');
    expect(await renderTemplate('{{ task.input.u | grant_read_access }}', { u: 'https://example.com/x.png' }, { resolver })).toBe('https://example.com/x.png');
    expect(await renderTemplate('{{ "s3://b/k" | grant_read_access }}', {}, { resolver: deterministicResolver() })).toBe('https://s3.amazonaws.com/b/k?X-Amz-Signature=gtkit-test');
  });

  it('reads hyphenated keys in dot paths and iterates hashes as [key, value] pairs', async () => {
    expect(await render('{% for p in task.input.m %}{{ p[0] }}={{ p[1][\'class-name\'] }};{% endfor %}', { m: { '0': { 'class-name': 'BACKGROUND' }, '1': { 'class-name': 'cat' } } })).toBe('0=BACKGROUND;1=cat;');
  });

  it('renders a missing variable as empty, like Ground Truth, and reports it in strict mode with its place', async () => {
    expect(await render('[{{ task.input.nope }}]', {})).toBe('[]');
    const strict = compileTemplate('line one\n  {{ task.input.nope }}', { file: 't.html', strictVariables: true });
    await expect(strict.render({})).rejects.toMatchObject({ file: 't.html', line: 2, column: 6, code: 'undefined-variable' });
  });

  it('reports syntax errors and unknown filters with file, line, column and a code frame', () => {
    try {
      compileTemplate('<p>\n{{ task.input.x | to_s3_uri }}</p>', { file: 'task.liquid.html' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(TemplateError);
      const e = error as TemplateError;
      expect([e.file, e.line, e.column, e.code]).toEqual(['task.liquid.html', 2, 1, 'unknown-filter']);
      expect(e.codeFrame).toContain('>    2 | {{ task.input.x | to_s3_uri }}');
      expect(e.message).toContain('undefined filter: to_s3_uri');
    }
    expect(() => compileTemplate('{% if x %}', { file: 'f' })).toThrow(/f:1:1: tag \{% if x %\} not closed/);
  });

  it('refuses a template over 128,000 characters', () => {
    expect(() => compileTemplate('x'.repeat(maxTemplateChars + 1))).toThrow(/Ground Truth allows 128000/);
    expect(() => compileTemplate('x'.repeat(maxTemplateChars))).not.toThrow();
  });

  it('survives hostile input: deep nesting, huge loops, script-like data', async () => {
    await expect(render('{% for i in (1..100000000) %}{{ i }}{% endfor %}', {})).rejects.toThrow();
    expect(await render('{{ task.input.x }}', { x: '</script><script>alert(1)</script>' })).not.toContain('<script>');
  });
});

import { describe, expect, it } from 'vitest';
import { maxSourceChars, maxTemplateChars } from '../../../templates/engine/index.ts';
import { parseDocument } from '../../../templates/lint/html.ts';
import { lintTemplate, type LintContext, type LintElement } from '../../../templates/lint/index.ts';
import { scanLiquid } from '../../../templates/lint/liquid-scan.ts';
import { duplicateFieldName } from '../../../templates/lint/rules/duplicate-field-name.ts';
import { nearCapTemplate } from '../../helpers/long-templates.ts';

const script = '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>';
const heapMb = () => process.memoryUsage().heapUsed / 1e6;

/** What duplicate-field-name reads of a lint context, for a page of any size (lintTemplate stops past the size limit). */
function sourceContext(source: string): LintContext {
  const scan = scanLiquid(source);
  return {
    file: 't.html',
    source,
    sourceDocument: parseDocument(scan.masked),
    exclusive: scan.exclusive,
    branchAt: scan.branchAt,
    at: (offset: number, ruleId: string, severity: 'error' | 'warning', message: string, hint: string) => ({ ruleId, severity, message, hint, file: 't.html', line: 0, column: offset }),
  } as unknown as LintContext;
}

/** duplicate-field-name's findings on the source alone (no page rendered). */
const sourceFindings = (ctx: LintContext) => duplicateFieldName.checkPages(ctx).findings({ taskInputs: 0, pages: 0 });

/** sourceContext whose elements count the reads of their properties: a rule's work, the same on any machine. */
function countingContext(source: string): { ctx: LintContext; reads(): number } {
  const ctx = sourceContext(source);
  let reads = 0;
  const counting: ProxyHandler<LintElement> = {
    get(target, key, receiver) {
      reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  };
  ctx.sourceDocument.elements = ctx.sourceDocument.elements.map((e) => new Proxy(e, counting));
  return { ctx, reads: () => reads };
}

describe('lint stays linear on deep and large templates', () => {
  // Each Liquid tag kept a copy of every open block: 5,000 nested ifs (120 KB, under Ground
  // Truth's limit) took 1.8 GB of heap, 9,000 aborted the process out of memory.
  it('5,000 nested {% if %} blocks lint in little memory, and branches still tell apart', async () => {
    const depth = 5_000;
    const source = `${'{% if a %}'.repeat(depth)}<i>x</i>{% else %}<b>y</b>${'{% endif %}'.repeat(depth)}`;
    expect(source.length).toBeLessThan(maxTemplateChars);
    const before = heapMb();
    await lintTemplate(source, { file: 't.html' });
    const scan = scanLiquid(source);
    expect(heapMb() - before).toBeLessThan(300);
    expect(scan.exclusive(source.indexOf('<i>'), source.indexOf('<b>'))).toBe(true);
    expect(scan.exclusive(source.indexOf('<i>'), source.indexOf('x'))).toBe(false);
    expect(scan.exclusive(0, source.length)).toBe(false);
  }, 30_000);

  // Each assign of a missing path scanned every later token (was its variable tested before
  // use?), inside the render's time budget: 3,000 assigns took 2 s and gave one false
  // render-error ("template render limit exceeded") in place of 3,000 task-input-path findings.
  it('thousands of assigns of missing paths: each is reported, none makes the render run out of time', async () => {
    const assigns = 3_000;
    // Outputs after the assigns: a scan from each assign to the end of the tokens costs them all again.
    const source = `${Array.from({ length: assigns }, (_, i) => `{% assign v${i} = task.input.m${i} %}\n`).join('')}${'{{x}}'.repeat(3_000)}`;
    expect(source.length).toBeLessThan(maxTemplateChars);
    const findings = await lintTemplate(source, { file: 't.html', taskInputs: [{ origin: 'm:1', taskInput: {} }] });
    expect(findings.filter((f) => f.ruleId === 'render-error')).toEqual([]);
    const paths = findings.filter((f) => f.ruleId === 'task-input-path');
    expect(paths).toHaveLength(assigns);
    expect(paths[0]?.message).toContain('task.input.m0 is not in the PRE output');
    expect(paths.at(-1)?.message).toContain(`task.input.m${assigns - 1} is not in the PRE output`);
    expect(paths.at(-1)?.line).toBe(assigns);
  }, 30_000);

  it('exclusive compares places at different depths: the block where their chains part decides', () => {
    const source = '{% if a %}{% for i in l %}{% if b %}A{% endif %}{% endfor %}{% else %}{% case k %}{% when 1 %}B{% endcase %}{% endif %}C{% if d %}D{% endif %}';
    const { exclusive } = scanLiquid(source);
    const at = (s: string) => source.indexOf(s);
    expect(exclusive(at('A'), at('B'))).toBe(true);
    expect(exclusive(at('B'), at('A'))).toBe(true);
    expect(exclusive(at('A'), at('C'))).toBe(false);
    expect(exclusive(at('A'), at('D'))).toBe(false);
    expect(exclusive(at('B'), at('D'))).toBe(false);
  });

  // Past the limit every rule still ran: 1 MB of same-named fields took a minute in gtkit lint
  // and gave 28,000 findings. Over RenderUiTemplate's 128,000 characters lint now runs every rule
  // (the limit of a job's template is not documented); past gtkit's own cap it stops.
  it('a template over gtkit\'s cap gets template-too-large alone, at once', async () => {
    const source = `${script}<crowd-form>${'<crowd-input name="a"></crowd-input>\n'.repeat(28_000)}</crowd-form>`;
    expect(source.length).toBeGreaterThan(maxSourceChars);
    // No time bound: without the early stop every rule runs and the ids below say so.
    const findings = await lintTemplate(source, { file: 't.html', taskInputs: [{ origin: 'm:1', taskInput: {} }] });
    expect(findings.map((f) => f.ruleId)).toEqual(['template-too-large']);
    expect(findings[0]?.message).toContain('lint checks nothing else until the template is shorter');
  }, 30_000);

  // Every rule runs on a template near the cap, with a task input, and still reports each problem.
  // Its cost is not timed here (time depends on the machine and its load): the growth tests in this
  // file count the rules' work instead.
  it('a template just under the cap, eight times RenderUiTemplate\'s limit, lints with every rule', async () => {
    const source = nearCapTemplate();
    expect(source.length).toBeGreaterThan(7 * maxTemplateChars);
    expect(source.length).toBeLessThanOrEqual(maxSourceChars);
    const findings = await lintTemplate(source, { file: 't.html', taskInputs: [{ origin: 'm:1', taskInput: { m: { k: '</script>' } } }] });
    const count = (id: string) => findings.filter((f) => f.ruleId === id).length;
    expect([count('template-too-large'), count('duplicate-field-name'), count('unverified-escaping')]).toEqual([1, 24_999, 1_000]);
  }, 30_000);

  // Each field was compared with every earlier one of its name (a Map built per comparison):
  // 28,000 same-named inputs took 16 s in this rule alone, and a walk over every earlier field
  // 7 s. Time is no measure here (a machine 2.5 times faster passes a quadratic walk under a
  // bound, and garbage collection moves a ratio of times): the rule's reads of the elements are.
  // From n to 4n fields they grow about 4 times when a field looks once per branch, about 16
  // times when it looks at every earlier field.
  it('duplicate-field-name looks at each branch holding a name once, not at every earlier field', () => {
    const fields = (n: number) => `<crowd-form>${'<crowd-input name="a"></crowd-input>\n'.repeat(n)}</crowd-form>`;
    const reads = (n: number) => {
      const counted = countingContext(fields(n));
      sourceFindings(counted.ctx);
      return counted.reads();
    };
    expect(reads(8_000) / reads(2_000)).toBeLessThan(8);
    const findings = sourceFindings(sourceContext(fields(28_000)));
    expect(findings).toHaveLength(27_999);
    // Each names the earliest field it clashes with.
    expect(findings.every((f) => f.message.startsWith('name "a" is used by <crowd-input> (at 1:13) and <crowd-input>'))).toBe(true);
  }, 30_000);

  it('20,000 radios sharing one name are one group: no finding among them; a field of another kind with that name clashes with the first', () => {
    const radios = Array.from({ length: 20_000 }, (_, i) => `<input type="radio" name="pick" value="v${i}">`).join('');
    const ctx = sourceContext(`<crowd-form>${radios}<crowd-input name="pick"></crowd-input></crowd-form>`);
    const started = performance.now();
    const findings = sourceFindings(ctx);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(findings.map((f) => f.message)).toEqual(['name "pick" is used by <input> (at 1:13) and <crowd-input>; one answer overwrites the other']);
  }, 30_000);

  // The outcome of the walk over branches: which earlier field a later one clashes with when
  // many branches hold the name. It does not measure the walk's cost (the growth test above does):
  // with one field per branch, a field looks at every earlier branch, as the old per-field walk
  // looked at every earlier field, and both find the same clash.
  it('fields in many exclusive branches clash only where branches meet, with the earliest field there', () => {
    const whens = Array.from({ length: 500 }, (_, i) => `{% when ${i} %}<crowd-input name="a"></crowd-input>`).join('');
    const source = `<crowd-form>{% case k %}${whens}{% endcase %}<crowd-text-area name="a"></crowd-text-area></crowd-form>`;
    const findings = sourceFindings(sourceContext(source));
    expect(findings.map((f) => f.message)).toEqual(['name "a" is used by <crowd-input> (at 1:37) and <crowd-text-area>; one answer overwrites the other']);
  });
});

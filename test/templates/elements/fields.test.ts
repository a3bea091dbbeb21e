import { afterEach, describe, expect, it } from 'vitest';
import { happyPage, type HappyPage } from './happy-page.ts';

type Form = HTMLElement & { serialize(): Record<string, unknown>; requestSubmit(): Record<string, unknown> | null };
type Field<T = unknown> = HTMLElement & { value: T; checked: boolean; checkAnswer(): string | null };

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (body: string) => (page = happyPage(`<crowd-form>${body}</crowd-form>`));
const type = (p: HappyPage, input: HTMLInputElement | HTMLTextAreaElement, text: string) => {
  input.value = text;
  input.dispatchEvent(new p.win.Event('input', { bubbles: true }));
};

describe('crowd-input', () => {
  it('is a labelled field whose answer is the string, left out when empty', () => {
    const p = open('<crowd-input name="a" label="Name" placeholder="Ada" max-length="10" min-length="2" type="text"></crowd-input>');
    const input = p.$<HTMLInputElement>('crowd-input input');
    expect(p.$<HTMLLabelElement>('crowd-input label').htmlFor).toBe(input.id);
    expect([input.placeholder, input.maxLength, input.minLength]).toEqual(['Ada', 10, 2]);
    expect(p.$<Form>('crowd-form').serialize()).toEqual({});
    type(p, input, 'Grace');
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ a: 'Grace' });
    p.$<Field>('crowd-input').value = 'x';
    expect(p.$<Field>('crowd-input').checkAnswer()).toBe('Please write at least 2 characters.');
  });

  it('allowed-pattern drops characters that do not match as the worker types; auto-validate checks while typing', () => {
    const p = open('<crowd-input name="n" allowed-pattern="[0-9]" auto-validate required error-message="Digits, please."></crowd-input>');
    const input = p.$<HTMLInputElement>('crowd-input input');
    type(p, input, '4a2-');
    expect(input.value).toBe('42');
    type(p, input, '');
    expect(p.$('crowd-input .gtkit-error').textContent).toBe('Digits, please.');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    type(p, input, '7');
    expect(p.$('crowd-input .gtkit-error').textContent).toBe('');
  });

  it('a broken allowed-pattern is reported, not thrown; disabled and value attributes are honoured', () => {
    const p = open('<crowd-input name="n" allowed-pattern="[" value="v" disabled></crowd-input>');
    expect(p.$('crowd-input .gtkit-problems').textContent).toContain('allowed-pattern: not a valid regular expression');
    expect(p.$<HTMLInputElement>('crowd-input input').disabled).toBe(true);
    expect(p.$<Field>('crowd-input').value).toBe('v');
  });
});

describe('crowd-text-area', () => {
  it('answers the text with newlines as \\n, counts characters, grows to max-rows', () => {
    const p = open('<crowd-text-area name="t" label="Notes" rows="2" max-rows="4" char-counter max-length="50"></crowd-text-area>');
    const area = p.$<HTMLTextAreaElement>('crowd-text-area textarea');
    expect(p.$('crowd-text-area .gtkit-counter').textContent).toBe('0 / 50');
    type(p, area, 'one\ntwo\nthree\nfour\nfive');
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ t: 'one\ntwo\nthree\nfour\nfive' });
    expect(area.getAttribute('rows')).toBe('4');
    expect(p.$('crowd-text-area .gtkit-counter').textContent).toBe('23 / 50');
  });
});

describe('crowd-checkbox, crowd-toggle-button, crowd-radio-group / crowd-radio-button', () => {
  it('checkboxes answer {value: checked} and merge by name; the content is the label', () => {
    const p = open('<crowd-checkbox name="q" value="blurry">Blurry</crowd-checkbox><crowd-checkbox name="q" value="dark" checked>Dark</crowd-checkbox><crowd-checkbox name="plain"></crowd-checkbox>');
    expect(p.$('crowd-checkbox label').textContent).toBe('Blurry');
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ q: { blurry: false, dark: true }, plain: { on: false } });
    p.$<HTMLInputElement>('crowd-checkbox input').click();
    expect(p.$<Field>('crowd-checkbox').checked).toBe(true);
    expect(p.$<Form>('crowd-form').serialize().q).toEqual({ blurry: true, dark: true });
  });

  it('the toggle is a switch for screen readers and answers like a checkbox', () => {
    const p = open('<crowd-toggle-button name="ok" value="confident" invalid></crowd-toggle-button>');
    const input = p.$<HTMLInputElement>('crowd-toggle-button input');
    expect(input.getAttribute('role')).toBe('switch');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    input.click();
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ ok: { confident: true } });
  });

  it('radio buttons in a group exclude each other; each answers under its own name; the group lists them', () => {
    const p = open('<crowd-radio-group><crowd-radio-button name="b1" value="yes">Yes</crowd-radio-button><crowd-radio-button name="b2" value="no" checked>No</crowd-radio-button></crowd-radio-group><crowd-radio-group><crowd-radio-button name="c" value="x">X</crowd-radio-button></crowd-radio-group>');
    const radios = Array.from(p.doc.querySelectorAll<HTMLInputElement>('crowd-radio-button input'));
    expect(radios[0]?.name).toBe(radios[1]?.name);
    expect(radios[0]?.name).not.toBe(radios[2]?.name);
    radios[0]?.click();
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ b1: { yes: true }, b2: { no: false }, c: { x: false } });
    expect(p.$<{ value: unknown }>('crowd-radio-group').value).toEqual({ b1: { yes: true }, b2: { no: false } });
    expect(p.$('crowd-radio-group').getAttribute('role')).toBe('radiogroup');
  });

  it('a field named "__proto__" or "constructor" is answered under that name', () => {
    const p = open('<crowd-checkbox name="__proto__" value="a" checked>A</crowd-checkbox><crowd-input name="constructor" value="x"></crowd-input><crowd-radio-group><crowd-radio-button name="__proto__" value="r" checked>R</crowd-radio-button></crowd-radio-group>');
    const answer = p.$<Form>('crowd-form').serialize();
    expect(Object.getPrototypeOf(answer)).toBe(Object.prototype);
    expect(JSON.stringify(answer)).toBe('{"__proto__":{"a":true,"r":true},"constructor":"x"}');
    expect(JSON.stringify(p.$<{ value: unknown }>('crowd-radio-group').value)).toBe('{"__proto__":{"r":true}}');
  });
});

describe('crowd-slider', () => {
  it('answers a number, shows its value, keeps an editable field in step', () => {
    const p = open('<crowd-slider name="s" min="0" max="10" step="0.5" value="2.5" editable pin></crowd-slider>');
    const range = p.$<HTMLInputElement>('crowd-slider input[type="range"]');
    const number = p.$<HTMLInputElement>('crowd-slider input[type="number"]');
    expect([range.min, range.max, range.step, range.value, number.value]).toEqual(['0', '10', '0.5', '2.5', '2.5']);
    expect(p.$<Form>('crowd-form').serialize()).toEqual({ s: 2.5 });
    range.value = '7';
    range.dispatchEvent(new p.win.Event('input'));
    expect([p.$('crowd-slider output').textContent, number.value]).toEqual(['7', '7']);
    type(p, number, '3');
    expect(p.$<Field>('crowd-slider').value).toBe(3);
    expect(range.getAttribute('aria-label')).toBe('s');
  });

  it('reports max below min', () => {
    const p = open('<crowd-slider name="s" min="5" max="1"></crowd-slider>');
    expect(p.$('crowd-slider .gtkit-problems').textContent).toContain('max (1) is below min (5).');
  });
});

describe('crowd-button', () => {
  it('wraps its content in a real button; variants, icons, disabled and loading', () => {
    const p = open('<crowd-button variant="normal" icon="search">Find</crowd-button><crowd-button icon="close"></crowd-button><crowd-button disabled>Off</crowd-button><crowd-button loading>Wait</crowd-button>');
    const [find, close, off, wait] = Array.from(p.doc.querySelectorAll<HTMLButtonElement>('crowd-button button'));
    expect(find?.textContent).toBe('⌕Find');
    expect(find?.type).toBe('button');
    expect(close?.getAttribute('aria-label')).toBe('close');
    expect(off?.disabled).toBe(true);
    expect([wait?.disabled, wait?.getAttribute('aria-busy')]).toEqual([true, 'true']);
    p.$<{ disabled: boolean }>('crowd-button[disabled]').disabled = false;
    expect(off?.disabled).toBe(false);
  });

  it('href opens the link', () => {
    const p = open('<crowd-button href="https://example.com/help" target="_blank">Help</crowd-button>');
    const opened: unknown[] = [];
    (p.win as unknown as { open: (...a: unknown[]) => null }).open = (...args: unknown[]) => {
      opened.push(args);
      return null;
    };
    p.$<HTMLButtonElement>('crowd-button button').click();
    expect(opened).toEqual([['https://example.com/help', '_blank']]);
  });
});

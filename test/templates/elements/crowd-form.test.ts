import { afterEach, describe, expect, it } from 'vitest';
import { happyPage, type HappyPage } from './happy-page.ts';

type Form = HTMLElement & { requestSubmit(): Record<string, unknown> | null; submit(): Record<string, unknown>; serialize(): Record<string, unknown> };

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});

function open(body: string, options?: Parameters<typeof happyPage>[1]): HappyPage {
  page = happyPage(body, options);
  return page;
}

describe('crowd-form', () => {
  it('wraps its content in a real form with a hidden taskAnswers field, and adds Submit when there is none', () => {
    const p = open('<crowd-form><p id="intro">Hi</p><crowd-input name="a"></crowd-input></crowd-form>');
    expect(p.doc.querySelector('crowd-form > form > #intro')).not.toBeNull();
    expect(p.doc.querySelectorAll('crowd-form crowd-button[form-action="submit"]')).toHaveLength(1);
    expect(p.$<HTMLButtonElement>('crowd-form crowd-button button').type).toBe('submit');
    expect(p.doc.querySelector('crowd-form input[type="hidden"][name="taskAnswers"]')).not.toBeNull();
  });

  it('keeps an authored submit button and adds none', () => {
    for (const submit of ['<crowd-button form-action="submit">Send</crowd-button>', '<button>Send</button>', '<input type="submit" value="Send">']) {
      const p = open(`<crowd-form><crowd-input name="a"></crowd-input>${submit}</crowd-form>`);
      expect(p.doc.querySelectorAll('crowd-form crowd-button[variant="primary"]'), submit).toHaveLength(0);
      void p.close();
    }
  });

  it('serialises every named field and crowd element into the answer, in document order', () => {
    const p = open(`<crowd-form>
      <crowd-classifier name="intent" categories="['refund', 'delivery']" header="Intent?"><classification-target>Hi</classification-target></crowd-classifier>
      <crowd-input name="note" value="both?"></crowd-input>
      <crowd-input name="empty"></crowd-input>
      <crowd-checkbox name="flags" value="blurry"></crowd-checkbox><crowd-checkbox name="flags" value="dark" checked></crowd-checkbox>
      <input type="hidden" name="extra" value="x">
      <input type="text" name="blank">
      <input type="checkbox" name="native" value="yes" checked><input type="checkbox" name="native" value="no">
      <input type="radio" name="pick" value="a"><input type="radio" name="pick" value="b" checked>
      <select name="one"><option>p</option><option selected>q</option></select>
      <select name="many" multiple><option selected>r</option><option>s</option><option selected>t</option></select>
      <textarea name="story">two
lines</textarea>
      <input type="text" name="off" value="x" disabled>
      <input type="submit" name="go" value="Go">
      <input type="hidden" name="_helper" value="h">
      <crowd-slider name="score" min="0" max="10" value="7"></crowd-slider>
    </crowd-form>`);
    p.$<HTMLButtonElement>('[data-label="delivery"]').click();
    expect(p.$<Form>('crowd-form').serialize()).toEqual({
      intent: { label: 'delivery' },
      note: 'both?',
      flags: { blurry: false, dark: true },
      extra: 'x',
      blank: '',
      native: { yes: true, no: false },
      pick: { a: false, b: true },
      one: 'q',
      many: ['r', 't'],
      story: 'two\nlines',
      _helper: 'h',
      score: 7,
    });
  });

  it('on submit writes taskAnswers = JSON [answer] and fires a bubbling, composed gtkit:submit', () => {
    const p = open('<div id="outer"><crowd-form><crowd-input name="a" value="1"></crowd-input></crowd-form></div>');
    const seen: Array<{ bubbles: boolean; composed: boolean; cancelable: boolean; target: string }> = [];
    p.$('#outer').addEventListener('gtkit:submit', (e) => seen.push({ bubbles: e.bubbles, composed: e.composed, cancelable: e.cancelable, target: (e.target as Element).tagName }));
    p.$<HTMLButtonElement>('crowd-form crowd-button button').click();
    expect(p.answers).toEqual([{ a: '1' }]);
    expect(seen).toEqual([{ bubbles: true, composed: true, cancelable: true, target: 'CROWD-FORM' }]);
    expect(JSON.parse(p.$<HTMLInputElement>('input[name="taskAnswers"]').value)).toEqual([{ a: '1' }]);
    // The preview cancelled gtkit:submit, so no answer panel.
    expect(p.doc.getElementById('gtkit-answer')).toBeNull();
  });

  it('shows the answer in a panel when nobody takes gtkit:submit (a plain HTML file)', () => {
    const p = open('<crowd-form><crowd-input name="a" value="1"></crowd-input></crowd-form>', { keepAnswers: false });
    p.$<Form>('crowd-form').requestSubmit();
    const panel = p.doc.getElementById('gtkit-answer');
    expect(panel?.getAttribute('aria-live')).toBe('polite');
    expect(JSON.parse(panel?.querySelector('code')?.textContent ?? '')).toEqual({ a: '1' });
  });

  it('required fields block submission with a visible message next to each, focus the first, and clear once fixed', () => {
    const p = open(`<crowd-form>
      <crowd-text-area name="t" label="Notes" required></crowd-text-area>
      <crowd-input name="i" label="Name" required error-message="Tell us your name."></crowd-input>
      <input type="text" name="native" required>
      <crowd-checkbox name="agree" value="yes" required>I agree</crowd-checkbox>
      <crowd-classifier name="c" categories="['a', 'b']" header="Pick"></crowd-classifier>
    </crowd-form>`);
    const form = p.$<Form>('crowd-form');
    expect(form.requestSubmit()).toBeNull();
    expect(p.answers).toEqual([]);
    const messages = Array.from(p.doc.querySelectorAll('.gtkit-error')).map((e) => e.textContent).filter(Boolean);
    expect(messages).toEqual(['This field is required.', 'Tell us your name.', 'This field is required.', 'Please check this to continue.', 'Choose a category.', 'Please fix the 5 fields marked above.']);
    expect(p.doc.activeElement).toBe(p.$('crowd-text-area textarea'));
    const textarea = p.$<HTMLTextAreaElement>('crowd-text-area textarea');
    expect(textarea.getAttribute('aria-invalid')).toBe('true');
    expect(p.doc.getElementById(textarea.getAttribute('aria-describedby') ?? '')?.textContent).toBe('This field is required.');
    expect(p.$('crowd-form [role="alert"]').textContent).toBe('Please fix the 5 fields marked above.');

    p.$<{ value: string }>('crowd-text-area').value = 'line one\nline two';
    p.$<{ value: string }>('crowd-input').value = 'Ada';
    p.$<HTMLInputElement>('input[name="native"]').value = 'x';
    p.$<{ checked: boolean }>('crowd-checkbox').checked = true;
    p.$<HTMLButtonElement>('[data-label="b"]').click();
    expect(form.requestSubmit()).toEqual({ t: 'line one\nline two', i: 'Ada', native: 'x', agree: { yes: true }, c: { label: 'b' } });
    expect(Array.from(p.doc.querySelectorAll('.gtkit-error')).map((e) => e.textContent).filter(Boolean)).toEqual([]);
    expect(textarea.hasAttribute('aria-invalid')).toBe(false);
  });

  it('a required native radio group needs one choice; type constraints use the browser check', () => {
    const p = open('<crowd-form><input type="radio" name="r" value="a" required><input type="radio" name="r" value="b"><input type="email" name="mail" value="not-an-address"></crowd-form>');
    expect(p.$<Form>('crowd-form').requestSubmit()).toBeNull();
    const messages = Array.from(p.doc.querySelectorAll('.gtkit-error')).map((e) => e.textContent).filter(Boolean);
    expect(messages[0]).toBe('Please choose one of these options.');
    expect(messages).toHaveLength(3);
  });

  it('submit listeners run after validation: they can fill hidden inputs, or cancel with preventDefault', () => {
    const p = open('<crowd-form><crowd-input name="a" value="1"></crowd-input><input type="hidden" name="stash"></crowd-form>');
    const form = p.$<Form>('crowd-form');
    const order: string[] = [];
    form.addEventListener('submit', (e) => {
      order.push(`listener:${e.type}:${e.cancelable}`);
      p.$<HTMLInputElement>('input[name="stash"]').value = '{"extra":1}';
    });
    p.doc.addEventListener('submit', () => order.push('document'));
    expect(form.requestSubmit()).toEqual({ a: '1', stash: '{"extra":1}' });
    expect(order).toEqual(['listener:submit:true', 'document']);
    form.addEventListener('submit', (e) => e.preventDefault());
    expect(form.requestSubmit()).toBeNull();
    expect(p.answers).toHaveLength(1);
  });

  it('keeps the onsubmit property and attribute working', () => {
    const p = open('<crowd-form onsubmit="window.fromAttribute = true"><crowd-input name="a" value="1"></crowd-input></crowd-form>');
    const form = p.$<Form & { onsubmit: ((e: Event) => void) | null }>('crowd-form');
    let called = 0;
    form.onsubmit = (e) => {
      called++;
      e.preventDefault();
    };
    expect(form.requestSubmit()).toBeNull();
    expect(called).toBe(1);
  });

  it("routes the browser's own submit (Enter in a field, requestSubmit on the inner form) through the checks", () => {
    const p = open('<crowd-form><input type="text" name="q" required></crowd-form>');
    const inner = p.$<HTMLFormElement>('crowd-form > form');
    inner.requestSubmit();
    expect(p.answers).toEqual([]);
    expect(p.$('crowd-form [role="alert"]').textContent).toContain('q');
    p.$<HTMLInputElement>('input[name="q"]').value = 'filled';
    inner.requestSubmit();
    expect(p.answers).toEqual([{ q: 'filled' }]);
  });

  it('submit() delivers without checks or listeners, like a native form.submit(); so does the inner form.submit()', () => {
    const p = open('<crowd-form><crowd-input name="a" required></crowd-input></crowd-form>');
    const form = p.$<Form>('crowd-form');
    form.addEventListener('submit', (e) => e.preventDefault());
    expect(form.submit()).toEqual({});
    p.$<HTMLFormElement>('crowd-form > form').submit();
    expect(p.answers).toEqual([{}, {}]);
  });

  it('a reset button puts every field back', () => {
    const p = open(`<crowd-form>
      <crowd-input name="i" value="start"></crowd-input>
      <crowd-checkbox name="c" value="v" checked></crowd-checkbox>
      <crowd-classifier name="k" categories="['a']" header="h"></crowd-classifier>
      <crowd-button form-action="reset">Reset</crowd-button>
      <crowd-button form-action="submit">Send</crowd-button>
    </crowd-form>`);
    p.$<{ value: string }>('crowd-input').value = 'changed';
    p.$<{ checked: boolean }>('crowd-checkbox').checked = false;
    p.$<HTMLButtonElement>('[data-label="a"]').click();
    p.$<HTMLFormElement>('crowd-form > form').reset();
    return new Promise<void>((resolve) =>
      queueMicrotask(() => {
        expect(p.$<Form>('crowd-form').serialize()).toEqual({ i: 'start', c: { v: true } });
        resolve();
      }),
    );
  });

  it('exposes value, _submittableValue and name on every answering element', () => {
    const p = open('<crowd-form><crowd-input name="a" value="1"></crowd-input><crowd-checkbox name="b" checked></crowd-checkbox></crowd-form>');
    const input = p.$<{ value: unknown; _submittableValue: unknown; name: string }>('crowd-input');
    expect([input.value, input._submittableValue, input.name]).toEqual(['1', '1', 'a']);
    expect(p.$<{ value: unknown }>('crowd-checkbox').value).toEqual({ on: true });
  });
});

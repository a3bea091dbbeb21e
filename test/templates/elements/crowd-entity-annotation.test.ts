import { afterEach, describe, expect, it } from 'vitest';
import { codePointIndex, trimSpan, utf16Offset, wordEdge } from '../../../templates/elements/shared/text-offsets.ts';
import { happyPage, type HappyPage } from './happy-page.ts';

type Ner = HTMLElement & { value: { entities: Array<{ label: string; startOffset: number; endOffset: number }> }; addEntity(label: string, start: number, end: number): boolean; textBox: HTMLElement };

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const labels = `[{label: 'person', shortDisplayName: 'per', fullDisplayName: 'Person'}, {label: 'place', shortDisplayName: 'loc'}]`;
const open = (text: string, extra = '', wrap = (s: string) => s) => (page = happyPage(wrap(`<crowd-entity-annotation name="ner" header="Tag names" text="${text}" labels="${labels}" ${extra}><short-instructions>Select names.</short-instructions></crowd-entity-annotation>`)));

/** Selects text inside the annotation's text box by DOM positions, as a mouse would. */
function selectDom(p: HappyPage, start: [Node, number], end: [Node, number]): void {
  const range = p.doc.createRange();
  range.setStart(...start);
  range.setEnd(...end);
  const sel = p.doc.getSelection();
  sel?.removeAllRanges();
  sel?.addRange(range);
}

describe('crowd-entity-annotation', () => {
  it('reads object labels (JavaScript style) and shows their display names; the text is one plain node at first', () => {
    const p = open('Ada Lovelace met Charles Babbage in London.');
    const chips = Array.from(p.doc.querySelectorAll<HTMLElement>('crowd-entity-annotation [data-label]'));
    expect(chips.map((c) => [c.dataset.label, c.childNodes[1]?.textContent])).toEqual([['person', 'Person'], ['place', 'place']]);
    const box = p.$('.gtkit-entity-text');
    expect(box.childNodes).toHaveLength(1);
    expect(box.firstChild?.nodeType).toBe(3);
    expect(p.$('crowd-entity-annotation aside short-instructions').textContent).toBe('Select names.');
  });

  it('tags a mouse selection with the chosen label on release; offsets are code points, end exclusive', () => {
    const p = open('😀 Ada Lovelace met Babbage');
    const text = p.$('.gtkit-entity-text').firstChild as Text;
    // "Ada Lovelace" is UTF-16 3..15 (the emoji is two units) and code points 2..14.
    selectDom(p, [text, 3], [text, 15]);
    p.$('.gtkit-entity-text').dispatchEvent(new p.win.MouseEvent('mouseup', { bubbles: true }));
    expect(p.$<Ner>('crowd-entity-annotation').value).toEqual({ entities: [{ label: 'person', startOffset: 2, endOffset: 14 }] });
    expect(p.$('.gtkit-entity-text mark').textContent).toBe('Ada Lovelace');
    expect(p.$('.gtkit-entity-text sup').textContent).toBe('per');
  });

  it('select first, then click a label; later selections across tags and decorations still count right', () => {
    const p = open('Ada met Charles in London.');
    const el = p.$<Ner>('crowd-entity-annotation');
    el.addEntity('person', 0, 3);
    // The box is now: <mark>Ada</mark><sup>per</sup>" met Charles in London."
    const rest = Array.from(p.$('.gtkit-entity-text').childNodes).find((n) => n.nodeType === 3 && (n.textContent ?? '').includes('London')) as Text;
    const at = (word: string) => (rest.textContent ?? '').indexOf(word);
    selectDom(p, [rest, at('London')], [rest, at('London') + 6]);
    p.$<HTMLButtonElement>('crowd-entity-annotation [data-label="place"]').click();
    expect(el.value.entities).toEqual([
      { label: 'person', startOffset: 0, endOffset: 3 },
      { label: 'place', startOffset: 19, endOffset: 25 },
    ]);
    expect(p.$('crowd-entity-annotation [aria-live]').textContent).toBe('Tagged “London” as place.');
    // Element boundaries: from the start of the box to its end, and from inside a mark to after a tag.
    const box = p.$('.gtkit-entity-text');
    selectDom(p, [box, 0], [box, box.childNodes.length]);
    expect(p.$<Ner & { domSelection(): unknown }>('crowd-entity-annotation').domSelection()).toEqual([0, 26]);
    const mark = p.$('.gtkit-entity-text mark');
    selectDom(p, [mark.firstChild as Text, 1], [box, 2]);
    expect(p.$<Ner & { domSelection(): unknown }>('crowd-entity-annotation').domSelection()).toEqual([1, 3]);
  });

  it('trims spaces at the edges; a new span replaces the spans it overlaps', () => {
    const p = open('Ada Lovelace met Babbage');
    const el = p.$<Ner>('crowd-entity-annotation');
    expect(el.addEntity('person', 3, 4)).toBe(false);
    el.addEntity('person', 0, 4);
    el.addEntity('place', 13, 24);
    el.addEntity('person', 2, 12);
    expect(el.value.entities).toEqual([
      { label: 'person', startOffset: 2, endOffset: 12 },
      { label: 'place', startOffset: 13, endOffset: 24 },
    ]);
  });

  it('keyboard: arrows move a caret, Shift selects, Ctrl+Shift by word, Enter or a number tags, Delete removes', () => {
    const p = open('Ada Lovelace met Babbage');
    const box = p.$('.gtkit-entity-text');
    const el = p.$<Ner>('crowd-entity-annotation');
    p.key(box, 'ArrowRight', { shiftKey: true, ctrlKey: true });
    p.key(box, 'ArrowRight', { shiftKey: true, ctrlKey: true });
    expect(p.$('.gtkit-pending').textContent).toBe('Ada Lovelace');
    expect(p.$('crowd-entity-annotation [aria-live]').textContent).toBe('Selected “Ada Lovelace”');
    p.key(box, 'Enter');
    expect(el.value.entities).toEqual([{ label: 'person', startOffset: 0, endOffset: 12 }]);
    p.key(box, 'End');
    for (let i = 0; i < 7; i++) p.key(box, 'ArrowLeft', { shiftKey: true });
    p.key(box, '2');
    expect(el.value.entities[1]).toEqual({ label: 'place', startOffset: 17, endOffset: 24 });
    expect(p.$('.gtkit-caret')).not.toBeNull();
    p.key(box, 'Home');
    p.key(box, 'Delete');
    expect(el.value.entities).toEqual([{ label: 'place', startOffset: 17, endOffset: 24 }]);
  });

  it('click a tag to select it; the next label click changes it; the list removes spans', () => {
    const p = open('Ada Lovelace met Babbage');
    const el = p.$<Ner>('crowd-entity-annotation');
    el.addEntity('person', 0, 3);
    el.addEntity('person', 17, 24);
    p.$<HTMLButtonElement>('crowd-entity-annotation [data-label="place"]').click();
    expect(el.value.entities.map((e) => e.label)).toEqual(['person', 'person']);
    p.$('.gtkit-entity-text mark[data-entity="1"]').dispatchEvent(new p.win.MouseEvent('click', { bubbles: true }));
    p.$<HTMLButtonElement>('crowd-entity-annotation [data-label="place"]').click();
    expect(el.value.entities.map((e) => e.label)).toEqual(['person', 'place']);
    p.$<HTMLButtonElement>('crowd-entity-annotation .gtkit-shapes li:first-child .gtkit-icon-only').click();
    expect(el.value.entities).toEqual([{ label: 'place', startOffset: 17, endOffset: 24 }]);
  });

  it('has its own Submit: submit listeners may cancel, then taskAnswers and gtkit:submit carry { name: value }', () => {
    const p = open('Ada', `initial-value="[{label: 'person', startOffset: 0, endOffset: 3}]"`);
    const el = p.$<Ner>('crowd-entity-annotation');
    let cancel = true;
    el.addEventListener('submit', (e) => {
      if (cancel) e.preventDefault();
    });
    p.$<HTMLButtonElement>('crowd-entity-annotation .gtkit-submit').click();
    expect(p.answers).toEqual([]);
    cancel = false;
    p.$<HTMLButtonElement>('crowd-entity-annotation .gtkit-submit').click();
    expect(p.answers).toEqual([{ ner: { entities: [{ label: 'person', startOffset: 0, endOffset: 3 }] } }]);
    expect(JSON.parse(p.$<HTMLInputElement>('crowd-entity-annotation input[name="taskAnswers"]').value)).toEqual(p.answers);
  });

  it('without a name it submits an empty answer, not one under a made-up key', () => {
    page = happyPage(`<crowd-entity-annotation header="Tag names" text="Ada" labels="${labels}" initial-value="[{label: 'person', startOffset: 0, endOffset: 3}]"></crowd-entity-annotation>`);
    page.$<HTMLButtonElement>('crowd-entity-annotation .gtkit-submit').click();
    expect(page.answers).toEqual([{}]);
  });

  it('inside crowd-form: says it must not be there, drops its own Submit, and the form still collects it', () => {
    const p = open('Ada', `initial-value="[{label: 'person', startOffset: 0, endOffset: 3}]"`, (s) => `<crowd-form>${s}</crowd-form>`);
    expect(p.$('crowd-entity-annotation .gtkit-problems').textContent).toContain('must not be inside crowd-form');
    expect(p.doc.querySelector('crowd-entity-annotation .gtkit-submit')).toBeNull();
    expect(p.$<{ serialize(): unknown }>('crowd-form').serialize()).toEqual({ ner: { entities: [{ label: 'person', startOffset: 0, endOffset: 3 }] } });
  });

  it('reports bad labels and initial values that fall outside the text', () => {
    const p = (page = happyPage(`<crowd-entity-annotation name="n" text="short" labels="['a', 5, {x: 1}, 'a']" initial-value="[{label: 'a', startOffset: 2, endOffset: 99}, {label: 'a', startOffset: 3, endOffset: 3}]"></crowd-entity-annotation>`));
    const problems = p.$('crowd-entity-annotation .gtkit-problems').textContent ?? '';
    expect(problems).toContain('labels[1]: expected a string or {label, shortDisplayName?, fullDisplayName?}.');
    expect(problems).toContain('labels[2]');
    expect(problems).toContain('labels: "a" is listed twice');
    expect(problems).toContain('initial-value[0]: expected {label, startOffset, endOffset} with 0 ≤ start < end ≤ 5 (code points).');
    expect(problems).toContain('initial-value[1]');
    expect(p.$<Ner>('crowd-entity-annotation').value).toEqual({ entities: [] });
  });
});

describe('text offsets', () => {
  it('convert between UTF-16 and code points, rounding inside a surrogate pair', () => {
    const text = 'a😀b𝄞c';
    expect([0, 1, 3, 4, 6, 7].map((u) => codePointIndex(text, u))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(codePointIndex(text, 2)).toBe(1);
    expect(codePointIndex(text, 2, true)).toBe(2);
    expect([0, 1, 2, 3, 4, 5].map((c) => utf16Offset(text, c))).toEqual([0, 1, 3, 4, 6, 7]);
    expect(codePointIndex('', 5)).toBe(0);
  });

  it('find word edges and trim spans', () => {
    const points = [...'  Ada-Marie   Lovelace, 1815'];
    expect(wordEdge(points, 0, 1)).toBe(11);
    expect(wordEdge(points, 11, 1)).toBe(22);
    expect(wordEdge(points, 22, -1)).toBe(14);
    expect(wordEdge(points, 0, -1)).toBe(0);
    expect(trimSpan(points, 0, 14)).toEqual([2, 11]);
    expect(trimSpan(points, 11, 14)).toEqual([14, 14]);
  });
});

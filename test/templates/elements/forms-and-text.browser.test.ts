import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium } from '../../helpers/chromium.ts';
import { screenshotDir, useElementsFixture } from './browser-fixture.ts';

const fixture = useElementsFixture();

/** Presses Tab until `selector` has focus (as a keyboard user would reach it). */
async function tabTo(page: Page, selector: string, limit = 30): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Where a span of the annotation text is on screen (by UTF-16 offsets into the first text node). */
async function textRect(page: Page, word: string): Promise<{ left: number; right: number; y: number }> {
  return page.evaluate((w) => {
    const box = document.querySelector('.gtkit-entity-text') as HTMLElement;
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').indexOf(w);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + w.length);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, y: r.top + r.height / 2 };
    }
    throw new Error(`no text "${w}"`);
  }, word);
}

const codePoints = (text: string, part: string) => {
  const start = [...text.slice(0, text.indexOf(part))].length;
  return { startOffset: start, endOffset: start + [...part].length };
};

describe.skipIf(!hasChromium)('text and form stand-ins used by a person in Chromium', () => {
  it('named entities: drag over a name, double-click a word, select with the keyboard; offsets in code points', async () => {
    const text = '😀 Ada Lovelace met Charles Babbage in London.';
    const { page, errors, answers } = await fixture.open(`<crowd-entity-annotation name="crowd-entity-annotation" header="Highlight every name and tag it" text="${text}"
      labels="[{label: 'person', shortDisplayName: 'per', fullDisplayName: 'Person'}, {label: 'place', shortDisplayName: 'loc', fullDisplayName: 'Place'}]">
      <short-instructions><p>Pick a label, then select the name with the mouse (or Shift+arrows).</p></short-instructions>
      <full-instructions header="How to tag names"><p>Select whole names only.</p></full-instructions></crowd-entity-annotation>`);
    const ada = await textRect(page, 'Ada Lovelace');
    await page.mouse.move(ada.left + 1, ada.y);
    await page.mouse.down();
    await page.mouse.move(ada.right - 1, ada.y, { steps: 6 });
    await page.mouse.up();
    await page.click('crowd-entity-annotation [data-label="place"]');
    const london = await textRect(page, 'London');
    await page.mouse.dblclick((london.left + london.right) / 2, london.y);
    await page.focus('.gtkit-entity-text');
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+ArrowRight');
    await page.keyboard.press('Control+Shift+ArrowRight');
    await page.keyboard.press('Control+Shift+ArrowRight');
    expect(await page.textContent('.gtkit-pending')).toBe(' Charles Babbage');
    await page.keyboard.press('1');
    await page.mouse.move(5, 700);
    await page.screenshot({ path: join(screenshotDir, 'named-entity.png') });
    await page.click('crowd-entity-annotation .gtkit-submit');
    expect(await answers()).toEqual([
      {
        'crowd-entity-annotation': {
          entities: [
            { label: 'person', ...codePoints(text, 'Ada Lovelace') },
            { label: 'person', ...codePoints(text, 'Charles Babbage') },
            { label: 'place', ...codePoints(text, 'London') },
          ],
        },
      },
    ]);
    expect(codePoints(text, 'Ada Lovelace')).toEqual({ startOffset: 2, endOffset: 14 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('classifiers with the keyboard: Tab in, arrows pick, Space toggles, Enter submits; image classifier comment', async () => {
    const { page, answers } = await fixture.open(`<crowd-form>
      <crowd-classifier name="intent" header="Which intent?" categories="['refund', 'delivery', 'other']"><classification-target><p>Where is my parcel?</p></classification-target></crowd-classifier>
      <crowd-classifier-multi-select name="topics" header="Topics" categories="['billing', 'shipping', 'damage']" exclusion-category="{ text: 'None of these' }"></crowd-classifier-multi-select>
      <crowd-image-classifier name="photo" src="/img.png" header="What is shown?" categories="['Cat', 'Dog']"><worker-comment header="Why?" link-text="Add a comment" placeholder="optional"></worker-comment></crowd-image-classifier>
      <crowd-image-classifier-multi-select name="animals" src="/img.png" header="Which animals?" categories="['Cat', 'Bird']" exclusion-category="{ text: 'None of the above' }"></crowd-image-classifier-multi-select>
    </crowd-form>`);
    await tabTo(page, 'crowd-classifier [data-label="refund"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-label'))).toBe('billing');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('2');
    await page.click('crowd-image-classifier worker-comment button');
    await page.keyboard.type('floppy ears');
    await page.click('crowd-image-classifier-multi-select [data-label="Cat"]');
    await page.click('crowd-image-classifier-multi-select [data-label="Bird"]');
    await page.click('crowd-image-classifier-multi-select [data-label="None of the above"]');
    expect(await page.locator('crowd-image-classifier-multi-select [aria-checked="true"]').allTextContents()).toEqual(['None of the above3']);
    await tabTo(page, 'crowd-classifier [aria-checked="true"]');
    await page.keyboard.press('Enter');
    expect(await answers()).toEqual([{ intent: { label: 'delivery' }, topics: { labels: ['shipping', 'damage'] }, photo: { label: 'Dog', workerComment: 'floppy ears' }, animals: { labels: ['None of the above'] } }]);
    await page.close();
  });

  it('every form field typed, toggled and slid; required fields block with visible messages until filled', async () => {
    const { page, answers } = await fixture.open(`<crowd-form>
      <crowd-input name="name" label="Your name" required></crowd-input>
      <crowd-input name="count" label="How many?" allowed-pattern="[0-9]"></crowd-input>
      <crowd-text-area name="notes" label="Notes" char-counter max-length="200"></crowd-text-area>
      <crowd-checkbox name="quality" value="blurry">Blurry</crowd-checkbox><crowd-checkbox name="quality" value="dark">Dark</crowd-checkbox>
      <crowd-toggle-button name="sure" value="confident">I am sure</crowd-toggle-button>
      <crowd-radio-group><crowd-radio-button name="yes" value="yes">Yes</crowd-radio-button><crowd-radio-button name="no" value="no">No</crowd-radio-button></crowd-radio-group>
      <crowd-slider name="score" min="0" max="10" value="2"></crowd-slider>
      <crowd-checkbox name="agree" value="terms" required>I read the instructions</crowd-checkbox>
    </crowd-form>`);
    await page.click('crowd-button button');
    expect(await answers()).toEqual([]);
    const messages = page.locator('crowd-form .gtkit-error:not(:empty)');
    expect(await messages.allTextContents()).toEqual(['This field is required.', 'Please check this to continue.', 'Please fix the 2 fields marked above.']);
    expect(await messages.first().isVisible()).toBe(true);
    expect(await page.evaluate(() => document.activeElement === document.querySelector('crowd-input[name="name"] input'))).toBe(true);
    await page.keyboard.type('Ada');
    await page.fill('crowd-input[name="count"] input', '');
    await page.locator('crowd-input[name="count"] input').pressSequentially('4a2!');
    await page.click('crowd-text-area textarea');
    await page.keyboard.type('first line');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second line');
    expect(await page.textContent('crowd-text-area .gtkit-counter')).toBe('22 / 200');
    await page.click('crowd-checkbox[value="dark"] label');
    await page.focus('crowd-toggle-button input');
    await page.keyboard.press('Space');
    await page.click('crowd-radio-button[value="yes"] label');
    await page.keyboard.press('ArrowRight');
    await page.focus('crowd-slider input[type="range"]');
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    expect(await page.textContent('crowd-slider output')).toBe('7');
    expect(await messages.allTextContents()).toEqual(['Please check this to continue.', 'Please fix the field marked above (agree).']);
    await page.click('crowd-checkbox[name="agree"] label');
    expect(await messages.count()).toBe(0);
    await page.click('crowd-button button');
    expect(await answers()).toEqual([
      {
        name: 'Ada',
        count: '42',
        notes: 'first line\nsecond line',
        quality: { blurry: false, dark: true },
        sure: { confident: true },
        yes: { yes: false },
        no: { no: true },
        score: 7,
        agree: { terms: true },
      },
    ]);
    await page.close();
  });

  it("a template's submit listener can stop the first try and stash JSON in a hidden field; Enter in a native field submits", async () => {
    const { page, answers } = await fixture.open(`<crowd-form>
      <input type="text" name="query" placeholder="query">
      <input type="hidden" name="_extra">
      <p id="note"></p>
    </crowd-form>
    <script>
      let tries = 0;
      document.querySelector('crowd-form').addEventListener('submit', (event) => {
        tries++;
        if (tries === 1) { event.preventDefault(); document.getElementById('note').textContent = 'Are you sure? Submit again.'; return; }
        document.querySelector('input[name="_extra"]').value = JSON.stringify({ tries });
      });
    </script>`);
    await page.fill('input[name="query"]', 'parcel');
    await page.press('input[name="query"]', 'Enter');
    expect(await page.textContent('#note')).toBe('Are you sure? Submit again.');
    expect(await answers()).toEqual([]);
    await page.press('input[name="query"]', 'Enter');
    expect(await answers()).toEqual([{ query: 'parcel', _extra: '{"tries":2}' }]);
    expect(JSON.parse(await page.inputValue('input[name="taskAnswers"]'))).toEqual([{ query: 'parcel', _extra: '{"tries":2}' }]);
    await page.close();
  });

  it('instructions and modal open from the keyboard and close with Escape; tabs move with the arrows', async () => {
    const { page } = await fixture.open(`<crowd-instructions link-text="Read the instructions"><short-summary><p>Tag every car.</p></short-summary><positive-example><p>Tight box</p></positive-example></crowd-instructions>
      <crowd-tabs><crowd-tab header="Task"><p>task pane</p></crowd-tab><crowd-tab header="Examples"><p>examples pane</p></crowd-tab></crowd-tabs>
      <crowd-modal link-text="Open the example" link-type="button"><p>Modal content</p></crowd-modal>`);
    await tabTo(page, 'crowd-instructions button');
    await page.keyboard.press('Enter');
    expect(await page.isVisible('crowd-instructions dialog')).toBe(true);
    expect(await page.textContent('crowd-instructions dialog')).toContain('Good example');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('crowd-instructions dialog')).toBe(false);
    await tabTo(page, 'crowd-tabs [role="tab"][aria-selected="true"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.isVisible('text=examples pane')).toBe(true);
    expect(await page.isVisible('text=task pane')).toBe(false);
    await tabTo(page, 'crowd-modal button');
    await page.keyboard.press('Space');
    expect(await page.isVisible('text=Modal content')).toBe(true);
    await page.close();
  });

  it('on its own (nobody takes gtkit:submit) the page shows the answer; the script also works at the end of the body', async () => {
    const { page } = await fixture.open(`<crowd-form><crowd-input name="a" value="1"></crowd-input><crowd-classifier name="c" header="h" categories="['x']"></crowd-classifier></crowd-form>`, { cancelSubmit: false, scriptAtEnd: true });
    expect(await page.evaluate(() => (window as unknown as { readyCount: number }).readyCount)).toBe(1);
    expect(await page.textContent('#gtkit-banner')).toContain('stand-ins');
    await page.click('crowd-classifier [data-label="x"]');
    await page.click('crowd-button button');
    expect(await page.isVisible('#gtkit-answer')).toBe(true);
    expect(JSON.parse((await page.textContent('#gtkit-answer code')) ?? '')).toEqual({ a: '1', c: { label: 'x' } });
    await page.close();
  });
});

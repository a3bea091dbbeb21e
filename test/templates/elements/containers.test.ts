import { afterEach, describe, expect, it } from 'vitest';
import { happyPage, type HappyPage } from './happy-page.ts';

let page: HappyPage | undefined;
afterEach(async () => {
  await page?.close();
  page = undefined;
});
const open = (body: string) => (page = happyPage(body));

describe('layout elements and regions', () => {
  it('crowd-instructions: a link opens a dialog with headed example regions', () => {
    const p = open(`<crowd-instructions link-text="Read this" link-type="button">
      <short-summary><p>Tag cars.</p></short-summary><detailed-instructions><p>Every car.</p></detailed-instructions>
      <positive-example><p>A tight box</p></positive-example><negative-example><p>A loose box</p></negative-example></crowd-instructions>`);
    const opener = p.$<HTMLButtonElement>('crowd-instructions button[aria-haspopup="dialog"]');
    expect(opener.textContent).toBe('Read this');
    expect(opener.classList.contains('gtkit-link')).toBe(false);
    const headings = Array.from(p.doc.querySelectorAll('crowd-instructions dialog section h3')).map((h) => h.textContent);
    expect(headings).toEqual(['Summary', 'Instructions', 'Good example', 'Bad example']);
    expect(p.$('crowd-instructions .gtkit-example-good positive-example').textContent).toBe('A tight box');
    const dialog = p.$<HTMLDialogElement>('crowd-instructions dialog');
    expect(dialog.open).toBe(false);
    opener.click();
    expect(dialog.open).toBe(true);
    expect(p.doc.activeElement?.getAttribute('aria-label')).toBe('Close');
    p.$<HTMLButtonElement>('crowd-instructions dialog [aria-label="Close"]').click();
    expect(dialog.open).toBe(false);
    expect(p.doc.activeElement).toBe(opener);
    expect(open('<crowd-instructions></crowd-instructions>').$('crowd-instructions button').textContent).toBe('Click for instructions');
  });

  it('crowd-modal: its content in a dialog behind a link', () => {
    const p = open('<crowd-modal link-text="See example"><img src="/e.png" alt="example"></crowd-modal><crowd-modal>x</crowd-modal>');
    const [a, b] = Array.from(p.doc.querySelectorAll<HTMLButtonElement>('crowd-modal button[aria-haspopup]'));
    expect([a?.textContent, b?.textContent]).toEqual(['See example', 'Click to open modal']);
    expect(p.$('crowd-modal dialog img').getAttribute('alt')).toBe('example');
    a?.click();
    expect(p.$<HTMLDialogElement>('crowd-modal dialog').open).toBe(true);
  });

  it('crowd-tabs: an ARIA tab bar; arrows, Home and End move; hidden tabs keep their fields', () => {
    const p = open(`<crowd-form><crowd-tabs><crowd-tab header="First"><crowd-input name="a" value="1"></crowd-input></crowd-tab><crowd-tab header="Second"><crowd-input name="b" value="2"></crowd-input></crowd-tab><crowd-tab>Third</crowd-tab></crowd-tabs></crowd-form>`);
    const tabs = Array.from(p.doc.querySelectorAll<HTMLButtonElement>('crowd-tabs [role="tab"]'));
    const panes = Array.from(p.doc.querySelectorAll<HTMLElement>('crowd-tab'));
    expect(tabs.map((t) => t.textContent)).toEqual(['First', 'Second', 'Tab 3']);
    expect(panes.map((t) => t.hidden)).toEqual([false, true, true]);
    expect(panes[1]?.getAttribute('aria-labelledby')).toBe(tabs[1]?.id);
    p.key(tabs[0] as Element, 'ArrowRight');
    expect(panes.map((t) => t.hidden)).toEqual([true, false, true]);
    expect(p.doc.activeElement).toBe(tabs[1]);
    p.key(tabs[1] as Element, 'End');
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['false', 'false', 'true']);
    p.key(tabs[2] as Element, 'ArrowRight');
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true');
    tabs[1]?.click();
    expect(p.$<{ serialize(): unknown }>('crowd-form').serialize()).toEqual({ a: '1', b: '2' });
  });

  it('crowd-alert: type colours and roles; dismissible hides it', () => {
    const p = open('<crowd-alert type="error" dismissible>Broken</crowd-alert><crowd-alert>Note</crowd-alert><crowd-alert type="weird">?</crowd-alert>');
    const [error, info, weird] = Array.from(p.doc.querySelectorAll<HTMLElement>('crowd-alert'));
    expect([error?.getAttribute('role'), info?.getAttribute('role'), weird?.getAttribute('data-gtkit-type')]).toEqual(['alert', 'status', 'info']);
    p.$<HTMLButtonElement>('crowd-alert [aria-label="Dismiss"]').click();
    expect(error?.hidden).toBe(true);
  });

  it('crowd-badge sits after the element it is for and describes it; icon wins over label', () => {
    const p = open('<crowd-badge for="inbox" label="3"></crowd-badge><button id="inbox">Inbox</button><crowd-badge icon="star" label="x"></crowd-badge>');
    const [forInbox, star] = Array.from(p.doc.querySelectorAll('crowd-badge'));
    expect(p.$('#inbox').nextElementSibling).toBe(forInbox);
    expect(p.$('#inbox').getAttribute('aria-describedby')).toBe('inbox-badge');
    expect(forInbox?.textContent).toBe('3');
    expect(star?.textContent).toBe('★');
  });

  it('crowd-card, crowd-fab and crowd-icon-button', () => {
    const p = open('<crowd-card heading="Example" image="/c.png"><p>Body</p></crowd-card><crowd-fab icon="add" title="Add a row"></crowd-fab><crowd-fab label="?" disabled></crowd-fab><crowd-icon-button icon="help"></crowd-icon-button>');
    expect(Array.from(p.$('crowd-card').children).map((c) => c.tagName)).toEqual(['IMG', 'P', 'P']);
    const [add, help] = Array.from(p.doc.querySelectorAll<HTMLButtonElement>('crowd-fab button'));
    expect([add?.getAttribute('aria-label'), add?.textContent, help?.disabled, help?.textContent]).toEqual(['Add a row', '+', true, '?']);
    const clicks: string[] = [];
    p.$('crowd-fab').addEventListener('click', () => clicks.push('fab'));
    add?.click();
    expect(clicks).toEqual(['fab']);
    expect(p.$('crowd-icon-button button').getAttribute('aria-label')).toBe('help');
  });

  it('crowd-toast shows for its duration, or until closed; show() replaces the text', async () => {
    const p = open('<crowd-toast text="Saved" duration="30" opened></crowd-toast><crowd-toast duration="0">Kept</crowd-toast>');
    const [saved, kept] = Array.from(p.doc.querySelectorAll('crowd-toast')) as Array<HTMLElement & { opened: boolean; show(t?: string): void; toggle(): void }>;
    expect(saved?.opened).toBe(true);
    expect(saved?.querySelector('[role="status"]')?.textContent).toContain('Saved');
    expect(kept?.opened).toBe(false);
    kept?.show('Now open');
    expect(kept?.textContent).toContain('Now open');
    // Waits for the page's pending timers (the toast's own), not for a guessed time.
    await p.settle();
    expect(saved?.opened).toBe(false);
    expect(kept?.opened).toBe(true);
    kept?.toggle();
    expect(kept?.opened).toBe(false);
  });

  it('short- and full-instructions on their own become panels; inside a tool the tool places them', () => {
    const p = open('<crowd-form><short-instructions>Do this.</short-instructions><full-instructions header="All of it">Long.</full-instructions></crowd-form>');
    expect(p.$('short-instructions').classList.contains('gtkit-panel')).toBe(true);
    expect(p.$('short-instructions .gtkit-header').textContent).toBe('Instructions');
    expect(p.$('full-instructions details summary').textContent).toBe('All of it');
    const q = open(`<crowd-form><crowd-classifier name="c" categories="['a']" header="h"><short-instructions>Do this.</short-instructions></crowd-classifier></crowd-form>`);
    expect(q.$('short-instructions').classList.contains('gtkit-panel')).toBe(false);
    expect(q.$('short-instructions').closest('aside')).not.toBeNull();
  });
});

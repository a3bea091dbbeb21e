import { h, type Win } from './shared/dom.ts';
import { standInBase, type StandIn } from './shared/lifecycle.ts';
import { readNumber } from './shared/read-attributes.ts';

/**
 * crowd-toast (`text`, `duration` in ms, default 3000, 0 keeps it open; `opened`): a short
 * message in the lower left corner, announced politely. Scripts call `show(text?)`, `open()`,
 * `close()` or `toggle()`, or set `opened`.
 */
export const crowdToast: StandIn = {
  tag: 'crowd-toast',
  create: (win: Win) =>
    class CrowdToast extends standInBase(win) {
      box?: HTMLElement;
      message?: HTMLElement;
      timer?: number;

      override build(): void {
        const doc = this.ownerDocument;
        this.message = h(doc, 'span', {}, this.getAttribute('text') ?? '');
        if (!this.getAttribute('text')) while (this.firstChild) this.message.append(this.firstChild);
        const close = h(doc, 'button', { type: 'button', class: 'gtkit-icon-only', 'aria-label': 'Close' }, '×');
        close.addEventListener('click', () => this.close());
        this.box = h(doc, 'div', { class: 'gtkit-toast', role: 'status', 'aria-live': 'polite', hidden: true }, this.message, close);
        this.append(this.box);
        if (this.hasAttribute('opened')) this.open();
      }

      get opened(): boolean {
        return this.box ? !this.box.hidden : this.hasAttribute('opened');
      }
      set opened(on: boolean) {
        if (on) this.open();
        else this.close();
      }

      show(text?: string): void {
        if (text !== undefined && this.message) this.message.textContent = text;
        this.open();
      }

      open(): void {
        if (!this.box) return void this.setAttribute('opened', '');
        this.box.hidden = false;
        win.clearTimeout(this.timer);
        const duration = readNumber(this, 'duration', 3000);
        if (duration > 0) this.timer = win.setTimeout(() => this.close(), duration);
      }

      close(): void {
        win.clearTimeout(this.timer);
        if (this.box) this.box.hidden = true;
      }

      toggle(): void {
        if (this.opened) this.close();
        else this.open();
      }
    },
};

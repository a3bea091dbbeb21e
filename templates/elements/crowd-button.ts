import { h, moveChildren, type Win } from './shared/dom.ts';
import { iconGlyph, isIconUrl } from './shared/icons.ts';
import { standInBase, type StandIn } from './shared/lifecycle.ts';
import { readFlag } from './shared/read-attributes.ts';

/**
 * crowd-button: a real `<button>` holding the authored content. `form-action="submit"` makes it
 * the form's submit button (Enter in a field submits too), `reset` resets the form, `href`
 * opens a link (`target`); `variant` (primary, normal, link, icon), `icon`, `icon-url`,
 * `icon-align`, `loading` and `disabled` change how it looks and whether it works.
 */
export const crowdButton: StandIn = {
  tag: 'crowd-button',
  create: (win: Win) =>
    class CrowdButton extends standInBase(win) {
      button?: HTMLButtonElement;

      static get observedAttributes(): string[] {
        return ['disabled', 'loading'];
      }

      override build(): void {
        const doc = this.ownerDocument;
        const action = this.getAttribute('form-action');
        const variant = this.getAttribute('variant') ?? (action === 'submit' ? 'primary' : 'normal');
        const button = h(doc, 'button', { type: action === 'submit' ? 'submit' : action === 'reset' ? 'reset' : 'button', class: `gtkit-button gtkit-${variant}` });
        moveChildren(this, button);
        const hasText = Boolean(button.textContent?.trim());
        const icon = this.getAttribute('icon-url') ?? this.getAttribute('icon');
        if (!hasText) {
          const words = action === 'submit' ? 'Submit' : action === 'reset' ? 'Reset' : (this.getAttribute('title') ?? this.getAttribute('icon') ?? 'Button');
          // An icon-only button still needs a name for screen readers.
          if (icon) button.setAttribute('aria-label', words);
          else button.append(words);
        }
        if (icon) {
          const mark = isIconUrl(icon) ? h(doc, 'img', { src: icon, alt: '', width: 16, height: 16 }) : h(doc, 'span', { 'aria-hidden': 'true' }, iconGlyph(icon));
          if (this.getAttribute('icon-align') === 'right') button.append(mark);
          else button.prepend(mark);
        }
        button.addEventListener('click', (event) => {
          const href = this.getAttribute('href');
          if (!href || button.disabled) return;
          event.preventDefault();
          this.ownerDocument.defaultView?.open(href, this.getAttribute('target') ?? '_self');
        });
        this.append(button);
        this.button = button;
        this.sync();
      }

      attributeChangedCallback(): void {
        this.sync();
      }

      sync(): void {
        if (!this.button) return;
        const loading = readFlag(this, 'loading');
        this.button.disabled = readFlag(this, 'disabled') || loading;
        this.button.setAttribute('aria-busy', String(loading));
      }

      get disabled(): boolean {
        return readFlag(this, 'disabled');
      }
      set disabled(value: boolean) {
        this.toggleAttribute('disabled', value);
      }

      override focus(options?: FocusOptions): void {
        if (this.button) this.button.focus(options);
        else super.focus(options);
      }
    },
};

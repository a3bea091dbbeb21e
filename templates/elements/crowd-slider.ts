import { sliderAnswer } from './answer-shapes.ts';
import { h, uniqueId, type Win } from './shared/dom.ts';
import type { StandIn } from './shared/lifecycle.ts';
import { readFlag, readNumber } from './shared/read-attributes.ts';
import { submittableBase } from './shared/submittable-base.ts';

/**
 * crowd-slider (`name`, `min`, `max`, `step`, `value`, `pin`, `editable`, `disabled`,
 * `required`): a native range input with its value shown beside it; `editable` adds a number
 * field kept in step. Arrow keys, Page Up/Down, Home and End move it. Answer: the value (its
 * type is not documented; see answer-shapes.ts).
 */
export const crowdSlider: StandIn = {
  tag: 'crowd-slider',
  create: (win: Win) =>
    class CrowdSlider extends submittableBase(win) {
      range?: HTMLInputElement;
      output?: HTMLOutputElement;
      number?: HTMLInputElement;

      override build(): void {
        const doc = this.ownerDocument;
        const min = readNumber(this, 'min', 0);
        const max = readNumber(this, 'max', 100);
        if (max < min) this.reportProblem(`max (${max}) is below min (${min}).`);
        const id = uniqueId(doc, 'slider');
        const range = h(doc, 'input', { id, type: 'range', min, max, step: this.getAttribute('step') ?? '1' });
        range.value = String(readNumber(this, 'value', min));
        range.defaultValue = range.value;
        range.disabled = readFlag(this, 'disabled');
        range.setAttribute('aria-label', this.getAttribute('aria-label') ?? this.getAttribute('label') ?? this.getAttribute('name') ?? 'Slider');
        const output = h(doc, 'output', { for: id, 'aria-hidden': 'true' }, range.value);
        const row = h(doc, 'div', { class: 'gtkit-slider gtkit-ui' }, range, output);
        if (readFlag(this, 'editable')) {
          const number = h(doc, 'input', { type: 'number', min, max, step: this.getAttribute('step') ?? '1', 'aria-label': `${range.getAttribute('aria-label')} (exact value)` });
          number.value = range.value;
          number.disabled = range.disabled;
          number.addEventListener('input', () => {
            if (number.value !== '') this.value = Number(number.value);
          });
          row.append(number);
          this.number = number;
        }
        range.addEventListener('input', () => this.sync());
        this.append(row);
        this.range = range;
        this.output = output;
      }

      sync(): void {
        const v = this.range?.value ?? '';
        if (this.output) this.output.textContent = v;
        if (this.number && this.number.value !== v && this.ownerDocument.activeElement !== this.number) this.number.value = v;
      }

      override get value(): number | string {
        const raw = this.range?.value ?? this.getAttribute('value') ?? this.getAttribute('min') ?? '0';
        return sliderAnswer === 'number' ? Number(raw) : raw;
      }
      override set value(v: number | string) {
        if (this.range) {
          this.range.value = String(v);
          this.sync();
        } else this.setAttribute('value', String(v));
      }

      override control(): HTMLElement | undefined {
        return this.range;
      }

      override resetAnswer(): void {
        if (this.range) this.range.value = this.range.defaultValue;
        this.sync();
      }
    },
};

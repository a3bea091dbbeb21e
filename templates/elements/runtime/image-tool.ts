import { attrValue, h, labelsOf, palette, readyToBuild, type Win } from './dom.ts';

const SVG = 'http://www.w3.org/2000/svg';

/**
 * The shared base of the image tools: the picture with an SVG overlay in image pixels, a label
 * picker (also keys 1–9), pointer → image-pixel coordinates whatever the display size, and a
 * list of what was drawn for screen readers. Subclasses draw and answer.
 */
export function imageTool(win: Win) {
  return class ImageTool extends win.HTMLElement {
    readonly gtkitSubmittable = true as const;
    stage!: HTMLElement;
    svg!: SVGSVGElement;
    img!: HTMLImageElement;
    list!: HTMLElement;
    labels: string[] = [];
    current = 0;
    natural = { width: 0, height: 0 };
    modified = false;

    connectedCallback(): void {
      if (!readyToBuild(this)) return;
      const doc = this.ownerDocument;
      this.labels = labelsOf(this, 'labels');
      const regions = ['short-instructions', 'full-instructions'].map((t) => this.querySelector(t)).filter((x): x is Element => x !== null);
      const panel = h(doc, 'div', { class: 'gtkit-panel' });
      panel.append(h(doc, 'p', { class: 'gtkit-header' }, this.getAttribute('header') ?? ''));
      const picker = h(doc, 'div', { class: 'gtkit-choices', role: 'radiogroup', 'aria-label': 'Label' });
      this.labels.forEach((label, i) => {
        const b = h(doc, 'button', { type: 'button', class: 'gtkit-choice', role: 'radio', 'aria-checked': String(i === 0), 'data-label': label, style: `border-left:6px solid ${this.colour(label)}` }, `${i + 1} ${label}`);
        b.addEventListener('click', () => this.pick(i));
        picker.append(b);
      });
      this.stage = h(doc, 'div', { class: 'gtkit-stage', tabindex: '0', role: 'application', 'aria-label': `${this.getAttribute('header') ?? 'Image'}: ${this.help()}` });
      this.img = h(doc, 'img', { src: this.getAttribute('src') ?? '', alt: this.getAttribute('header') ?? 'image', draggable: 'false' }) as HTMLImageElement;
      this.svg = doc.createElementNS(SVG, 'svg') as SVGSVGElement;
      this.stage.append(this.img, this.svg);
      this.img.addEventListener('load', () => this.setImageSize(this.img.naturalWidth, this.img.naturalHeight));
      if (this.img.complete && this.img.naturalWidth > 0) this.setImageSize(this.img.naturalWidth, this.img.naturalHeight);
      this.list = h(doc, 'ul', { 'aria-live': 'polite', style: 'font:13px system-ui,sans-serif' });
      panel.append(picker, this.stage, h(doc, 'p', { style: 'font:12px system-ui,sans-serif;color:#57606a' }, this.help()), this.list);
      for (const r of regions) panel.append(r);
      this.append(panel);
      this.stage.addEventListener('pointerdown', (e) => this.onDown(e as PointerEvent));
      this.stage.addEventListener('pointermove', (e) => this.onMove(e as PointerEvent));
      this.stage.addEventListener('pointerup', (e) => this.onUp(e as PointerEvent));
      this.stage.addEventListener('keydown', (e) => {
        const k = (e as KeyboardEvent).key;
        if (/^[1-9]$/.test(k) && Number(k) <= this.labels.length) return this.pick(Number(k) - 1);
        if (this.onKey(e as KeyboardEvent)) e.preventDefault();
      });
      this.loadInitial(attrValue<unknown>(this, 'initial-value', undefined));
      this.redraw();
    }

    /** Sets the image's pixel size (from the loaded image; tests set it directly). */
    setImageSize(width: number, height: number): void {
      this.natural = { width, height };
      this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
      this.redraw();
    }

    pick(i: number): void {
      this.current = i;
      this.querySelectorAll('[data-label]').forEach((b, j) => b.setAttribute('aria-checked', String(i === j)));
      this.onLabel();
    }

    get label(): string {
      return this.labels[this.current] ?? '';
    }

    colour(label: string): string {
      const i = this.labels.indexOf(label);
      return palette[(i < 0 ? 0 : i) % palette.length] as string;
    }

    /** A pointer position in image pixels. */
    point(e: { clientX: number; clientY: number }): { x: number; y: number } {
      const r = this.stage.getBoundingClientRect();
      const sx = r.width > 0 && this.natural.width > 0 ? this.natural.width / r.width : 1;
      const sy = r.height > 0 && this.natural.height > 0 ? this.natural.height / r.height : 1;
      return { x: this.clampX((e.clientX - r.left) * sx), y: this.clampY((e.clientY - r.top) * sy) };
    }

    clampX(x: number): number {
      return Math.max(0, this.natural.width > 0 ? Math.min(this.natural.width, x) : x);
    }
    clampY(y: number): number {
      return Math.max(0, this.natural.height > 0 ? Math.min(this.natural.height, y) : y);
    }

    svgEl(tag: string, attrs: Record<string, string | number>): SVGElement {
      const el = this.ownerDocument.createElementNS(SVG, tag) as SVGElement;
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
      return el;
    }

    /** Image pixels per screen pixel, so handles and strokes keep their size on screen. */
    unit(): number {
      const w = this.stage.getBoundingClientRect().width;
      return w > 0 && this.natural.width > 0 ? this.natural.width / w : 1;
    }

    get inputImageProperties() {
      return { width: this.natural.width, height: this.natural.height };
    }

    validationMessage(): string | null {
      return null;
    }

    changed(): void {
      this.modified = true;
      this.redraw();
    }

    // Overridden by each tool.
    help(): string {
      return '';
    }
    loadInitial(_value: unknown): void {}
    redraw(): void {}
    onLabel(): void {}
    onDown(_e: PointerEvent): void {}
    onMove(_e: PointerEvent): void {}
    onUp(_e: PointerEvent): void {}
    onKey(_e: KeyboardEvent): boolean {
      return false;
    }
  };
}

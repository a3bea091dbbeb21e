import { attrValue, h, palette } from './dom.ts';
import type { Win } from './dom.ts';
import { imageTool } from './image-tool.ts';

/**
 * crowd-semantic-segmentation and crowd-instance-segmentation: a round brush paints the chosen
 * label's colour on a mask the size of the image (drag with the mouse; [ and ] change the brush,
 * E toggles the eraser). Instance mode adds a new instance (a new colour) with the + button or
 * the I key. Answer: `{ inputImageProperties, labelMappings | instances, labeledImage:
 * { pngImageData } }`, the PNG base64 without a data-URL prefix.
 */
export function crowdSegmentation(win: Win, instances: boolean) {
  return class CrowdSegmentation extends imageTool(win) {
    canvas?: HTMLCanvasElement;
    brush = 12;
    erasing = false;
    painting = false;
    used = new Map<string, string>(); // colour → label
    instanceList: Array<{ color: string; label: string }> = [];
    currentColour = '';

    override help(): string {
      return `Drag to paint the chosen label; [ and ] change the brush, E toggles the eraser${instances ? ', I starts a new instance' : ''}, 1–9 choose the label.`;
    }

    override setImageSize(width: number, height: number): void {
      super.setImageSize(width, height);
      if (!this.canvas) {
        const c = this.ownerDocument.createElement('canvas');
        c.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;opacity:0.5;pointer-events:none';
        this.stage.append(c);
        this.canvas = c;
      }
      this.canvas.width = width;
      this.canvas.height = height;
      const initial = attrValue<{ src?: string } | undefined>(this, 'initial-value', undefined);
      if (initial?.src) {
        const img = new (this.ownerDocument.defaultView as Win).Image();
        img.onload = () => this.canvas?.getContext('2d')?.drawImage(img, 0, 0, width, height);
        img.src = initial.src;
      }
      if (instances && this.instanceList.length === 0) this.newInstance();
    }

    override onLabel(): void {
      if (instances) this.newInstance();
    }

    newInstance(): void {
      const colour = palette[this.instanceList.length % palette.length] as string;
      this.instanceList.push({ color: colour, label: this.label });
      this.currentColour = colour;
      this.redraw();
    }

    colourNow(): string {
      return instances ? this.currentColour : this.colour(this.label);
    }

    paint(e: PointerEvent): void {
      const ctx = this.canvas?.getContext('2d');
      if (!ctx) return;
      const p = this.point(e);
      ctx.globalCompositeOperation = this.erasing ? 'destination-out' : 'source-over';
      ctx.fillStyle = this.colourNow();
      ctx.beginPath();
      ctx.arc(p.x, p.y, this.brush * this.unit(), 0, Math.PI * 2);
      ctx.fill();
      if (!this.erasing) this.used.set(this.colourNow(), this.label);
      this.modified = true;
    }

    override onDown(e: PointerEvent): void {
      this.painting = true;
      this.paint(e);
    }
    override onMove(e: PointerEvent): void {
      if (this.painting) this.paint(e);
    }
    override onUp(): void {
      this.painting = false;
      this.redraw();
    }

    override onKey(e: KeyboardEvent): boolean {
      if (e.key === '[') this.brush = Math.max(2, this.brush - 2);
      else if (e.key === ']') this.brush = Math.min(80, this.brush + 2);
      else if (e.key === 'e' || e.key === 'E') this.erasing = !this.erasing;
      else if (instances && (e.key === 'i' || e.key === 'I')) this.newInstance();
      else return false;
      this.redraw();
      return true;
    }

    override redraw(): void {
      if (!this.list) return;
      const mode = `brush ${this.brush}px${this.erasing ? ', eraser' : ''}`;
      const items = instances ? this.instanceList.map((x, i) => `instance ${i + 1}: ${x.label} ${x.color}`) : [...this.used].map(([c, l]) => `${l}: ${c}`);
      this.list.replaceChildren(h(this.ownerDocument, 'li', {}, mode), ...items.map((t) => h(this.ownerDocument, 'li', {}, t)));
    }

    get value() {
      const data = this.canvas?.toDataURL?.('image/png') ?? '';
      const png = data.startsWith('data:image/png;base64,') ? data.slice('data:image/png;base64,'.length) : '';
      const base = { inputImageProperties: this.inputImageProperties, labeledImage: { pngImageData: png } };
      if (instances) return { ...base, instances: this.instanceList.filter((x) => this.used.has(x.color)) };
      const labelMappings: Record<string, { color: string }> = {};
      for (const [color, label] of this.used) labelMappings[label] = { color };
      return { ...base, labelMappings, ...(attrValue(this, 'initial-value', undefined) !== undefined ? { initialValueModified: this.modified } : {}) };
    }
  };
}

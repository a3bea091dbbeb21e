/** The ten-colour palette AWS's sample outputs use for labels (`#1f77b4`, `#2ca02c`, …). */
export const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] as const;

/**
 * The colour of the n-th label or instance: the palette first, then evenly spread hues that
 * stay distinct and deterministic (instance segmentation can need many more than ten).
 */
export function colourAt(index: number): string {
  const fixed = palette[index];
  if (fixed) return fixed;
  const n = index - palette.length;
  const hue = (n * 137.508) % 360; // golden angle: neighbours never share a hue
  const light = 38 + (n % 3) * 12;
  return hslToHex(hue, 62, light);
}

/** Colours for a label list, honouring `label-colors` (hex strings) where given and valid. */
export function labelColours(count: number, given: unknown[] = []): string[] {
  return Array.from({ length: count }, (_, i) => {
    const c = given[i];
    return typeof c === 'string' && /^#[0-9a-f]{6}$/i.test(c.trim()) ? c.trim().toLowerCase() : colourAt(i);
  });
}

export function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = m?.[1] ? parseInt(m[1], 16) : 0;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hslToHex(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const v = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

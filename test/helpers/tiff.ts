const u16 = (little: boolean, n: number) => (little ? [n & 0xff, (n >> 8) & 0xff] : [(n >> 8) & 0xff, n & 0xff]);
const u32 = (little: boolean, n: number) => {
  const be = [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
  return little ? be.reverse() : be;
};

/**
 * A small TIFF whose first IFD (at its end, as many writers put it) has NewSubfileType,
 * ImageWidth and ImageLength: all a size check reads of it. `widthType` is ImageWidth's field
 * type (3 SHORT, 4 LONG; another one makes the tag unreadable); ImageLength is a SHORT.
 */
export function tiff(little: boolean, width: number, height: number, widthType = 3): Buffer {
  const value = (type: number, n: number) => (type === 3 ? [...u16(little, n), 0, 0] : u32(little, n));
  const pixels = new Array<number>(64).fill(0x80);
  const ifd = 8 + pixels.length;
  const entry = (tag: number, type: number, n: number) => [...u16(little, tag), ...u16(little, type), ...u32(little, 1), ...value(type, n)];
  return Buffer.from([...Buffer.from(little ? 'II' : 'MM', 'latin1'), ...u16(little, 42), ...u32(little, ifd), ...pixels, ...u16(little, 3), ...entry(254, 4, 0), ...entry(256, widthType, width), ...entry(257, 3, height), ...u32(little, 0)]);
}

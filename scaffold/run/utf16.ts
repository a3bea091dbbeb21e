/** Bytes looked at for UTF-16 without a byte-order mark: a few dozen characters tell, and a huge file is not scanned. */
const sniffedBytes = 256;

/**
 * What shows that a file's bytes are UTF-16 (Windows tools, PowerShell's `>` and `Out-File`
 * write it), in words for a message; undefined for anything else. A byte-order mark says it
 * outright. Without one, a JSON Lines file gives it away too: its first characters (`{`, `"`,
 * keys, spaces) are ASCII, which UTF-16 writes as the byte with a NUL beside it, NUL after it in
 * little-endian order and before it in big-endian. Valid UTF-8 JSON never holds a raw NUL.
 */
export function utf16Evidence(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'it starts with a UTF-16 byte-order mark';
  const pairs = Math.floor(Math.min(bytes.length, sniffedBytes) / 2);
  // One character is too little to tell from a stray NUL.
  if (pairs < 2) return undefined;
  let little = 0;
  let big = 0;
  for (let i = 0; i < pairs; i++) {
    const first = bytes[2 * i] as number;
    const second = bytes[2 * i + 1] as number;
    if (first !== 0 && second === 0) little++;
    else if (first === 0 && second !== 0) big++;
  }
  // Most characters, not all: text in another script (CJK, Cyrillic) has no NUL beside it.
  const order = little * 2 > pairs ? 'little-endian' : big * 2 > pairs ? 'big-endian' : undefined;
  return order && `no byte-order mark, but a NUL byte beside each of its first characters, as UTF-16 ${order} writes them`;
}

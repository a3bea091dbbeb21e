/**
 * Awkward values shared by the catalog's sample task inputs: what a real manifest may hold and a
 * template must survive (escaping, quotes in JSON attributes, non-Latin text, long text).
 */
export const awkwardText = `He said "don't" — O'Neil & Sons <b>bold</b> </script><script>alert(1)</script> café 東京 👩‍💻`;
export const longText = `${'A sentence that goes on. '.repeat(400)}The end.`;
export const quotedLabels = ["it's", 'say "hi"', '<none>', 'a & b'];

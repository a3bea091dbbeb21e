import { describe, expect, it } from 'vitest';
import { codeFrame, positionOf } from '../../../templates/engine/errors.ts';
import { closest, editDistance } from '../../../lambdas/contracts/suggest.ts';

describe('positionOf', () => {
  it('gives 1-based line and column', () => {
    const text = 'ab\ncd\n\nef';
    expect(positionOf(text, 0)).toEqual({ line: 1, column: 1 });
    expect(positionOf(text, 2)).toEqual({ line: 1, column: 3 });
    expect(positionOf(text, 3)).toEqual({ line: 2, column: 1 });
    expect(positionOf(text, 7)).toEqual({ line: 4, column: 1 });
  });

  it('clamps offsets outside the text', () => {
    expect(positionOf('ab\ncd', -5)).toEqual({ line: 1, column: 1 });
    expect(positionOf('ab\ncd', 99)).toEqual({ line: 2, column: 3 });
    expect(positionOf('', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('codeFrame', () => {
  it('shows the line with a caret and one line either side', () => {
    expect(codeFrame('one\ntwo\nthree\nfour', 3, 2)).toBe(['     2 | two', '>    3 | three', '       |  ^', '     4 | four'].join('\n'));
  });

  it('handles the first and last line, CRLF, and lines that do not exist', () => {
    expect(codeFrame('only\r\n', 1, 1)).toBe('>    1 | only\n       | ^\n     2 | ');
    expect(codeFrame('a', 5, 1)).toBe('');
    expect(codeFrame('', 1, 1)).toBe('>    1 | \n       | ^');
  });

  it('keeps the caret in view on a very long line', () => {
    const line = `${'x'.repeat(5000)}HERE${'y'.repeat(5000)}`;
    const frame = codeFrame(line, 1, 5001);
    const [text, caret] = frame.split('\n');
    expect(text?.length).toBeLessThan(220);
    expect(text?.indexOf('HERE')).toBe(caret?.indexOf('^'));
  });
});

describe('did you mean', () => {
  it('finds close names and nothing for unrelated ones', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closest('crowd-clasifier', ['crowd-classifier', 'crowd-form'])).toBe('crowd-classifier');
    expect(closest('grant_read_acess', ['grant_read_access', 'escape'])).toBe('grant_read_access');
    expect(closest('upcse', ['upcase', 'downcase'])).toBe('upcase');
    expect(closest('my-widget', ['crowd-form', 'crowd-input'])).toBeUndefined();
    expect(closest('', ['a'])).toBeUndefined();
    expect(closest('x'.repeat(10_000), ['x'])).toBeUndefined();
  });
});

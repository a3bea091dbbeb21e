import { describe, expect, it } from 'vitest';
import { reasonForLog, textDigestForLog } from '../../../lambdas/handlers/log-fields.ts';

/** What JSON.parse says of a worker's plain-text answer, as the ACS puts it in a reason. */
function parseProblem(text: string): string {
  try {
    JSON.parse(text);
    return 'parsed';
  } catch (error) {
    return `not valid JSON (${(error as Error).message})`;
  }
}

describe('reasonForLog: a set-aside answer\'s reason without the text the answer held', () => {
  it('digests each quoted text, as its text: escaped quotes and backslashes are read as JSON reads them', () => {
    const text = 'say "hi" \\ bye';
    expect(reasonForLog(`answer.note: expected a number, got string ${JSON.stringify(text)}; see "x"`)).toBe(`answer.note: expected a number, got string ${textDigestForLog(text)}; see ${textDigestForLog('x')}`);
  });

  it("leaves out the text JSON.parse's message quotes, at the start of the answer or in its middle", () => {
    for (const answer of ['Jane Doe lives at 1 Main St', '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, Jane Doe lives at 1 Main St]', "J'a, \" is not valid JSON, Doe"]) {
      const problem = parseProblem(answer);
      expect(problem).toContain('Unexpected token');
      const logged = reasonForLog(`.annotationData.content: ${problem}`);
      expect(logged).toBe(".annotationData.content: not valid JSON (Unexpected token (the answer's text around it is left out of the log) is not valid JSON)");
    }
  });

  it('digests a quoted text that is no JSON literal (a raw line break) by what is between its quotes, and leaves a reason without quotes as it is', () => {
    expect(reasonForLog('got "a\nb"')).toBe(`got ${textDigestForLog('a\nb')}`);
    expect(reasonForLog('answer.category.label: is missing')).toBe('answer.category.label: is missing');
  });

  it('leaves out whole a quoted text the reason\'s length cap cut before its closing quote', () => {
    const colour = 'Jane Doe, 1 Main St, '.repeat(120);
    const cut = `answer.labelMappings["cat"].color: expected a colour "#rrggbb", got ${JSON.stringify(colour)}`.slice(0, 2000);
    const logged = reasonForLog(cut);
    expect(logged).not.toContain('Jane');
    expect(logged).toBe(`answer.labelMappings[${textDigestForLog('cat')}].color: expected a colour "#rrggbb", got (a quoted text cut short, left out of the log)`);
  });

  it("keeps gtkit's own quoted words readable: a digest of them would hide nothing", () => {
    const reason = 'answer.category: expected one label {"label": "…"}, which text-classification takes, got a multi-select answer {"labels": […]}';
    expect(reasonForLog(reason)).toBe(reason);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { namedEntity, namedEntityTaskInputOf, taskTypes, textClassification, withSourceText } from '../../../lambdas/task-types/index.ts';
import { caught, rejected } from '../../helpers/errors.ts';

describe('task types whose workers need the text itself', () => {
  it('only named entity reads its source text (its element takes the text, not a link); the classifiers frame the object', () => {
    expect(Object.entries(taskTypes).filter(([, t]) => t.readsSourceText).map(([name]) => name)).toEqual(['named-entity']);
  });

  it('withSourceText puts a source-ref object\'s text in source in place of the ref, keeping the other attributes, and reads nothing for a source line', async () => {
    const readText = vi.fn(async (uri: string) => `text of ${uri}`);
    expect(await withSourceText({ 'source-ref': 's3://b/doc.txt', channel: 'mail' }, readText)).toEqual({ channel: 'mail', source: 'text of s3://b/doc.txt' });
    expect(await withSourceText({ source: 'inline' }, readText)).toEqual({ source: 'inline' });
    expect(readText).toHaveBeenCalledTimes(1);
    // source-ref first, as everywhere in gtkit (the dry run warns about such a line).
    expect(await withSourceText({ source: 'inline', 'source-ref': 's3://b/doc.txt' }, readText)).toEqual({ source: 'text of s3://b/doc.txt' });
    await expect(withSourceText({ 'source-ref': 's3://b/doc.txt' }, undefined as never)).rejects.toThrow("withSourceText: expected readText (the PRE context's) as its second argument, got undefined");
    expect((await rejected(withSourceText({ other: 1 }, readText))).message).toBe('the manifest line has neither "source" nor "source-ref"');
  });

  it('named entity takes the text from source, and refuses to show workers an unread address (also beside a source, since source-ref comes first)', async () => {
    const labels = [{ label: 'person' }];
    expect(namedEntity.buildTaskInput({ source: 'Ada.' }, labels).taskObject).toBe('Ada.');
    expect(caught(() => namedEntity.buildTaskInput({ source: 'Ada.', 'source-ref': 's3://b/doc.txt' }, labels)).message).toMatch(/^named-entity: the manifest line names its text by "source-ref"/);
    const read = await withSourceText({ source: 'Ada.', 'source-ref': 's3://b/doc.txt' }, async () => 'Grace.');
    expect(namedEntity.buildTaskInput(read, labels).taskObject).toBe('Grace.');
    // The line read is plain data: a copy of it, or one with attributes added, is still read.
    expect(namedEntity.buildTaskInput({ ...read, channel: 'mail' }, labels).taskObject).toBe('Grace.');
    expect(namedEntity.buildTaskInput(JSON.parse(JSON.stringify(read)), labels).taskObject).toBe('Grace.');
    const error = caught(() => namedEntity.buildTaskInput({ 'source-ref': 's3://b/doc.txt' }, labels));
    expect(error.message).toMatch(/^named-entity: the manifest line names its text by "source-ref" \(s3:\/\/b\/doc.txt\), and workers need the text itself: read it in the PRE first, e\.g\. preHandler\(async \(line, \{ readText \}\)/);
    // The builder a scaffolded pre.ts calls is the same function, with the same refusal.
    expect(namedEntityTaskInputOf(read, labels).taskObject).toBe('Grace.');
    expect(caught(() => namedEntityTaskInputOf({ 'source-ref': 's3://b/doc.txt' }, labels)).message).toBe(error.message);
    expect(error.message).toContain('taskInput: namedEntityTaskInputOf(await withSourceText(line, readText), labels)');
    // A classifier frames the object: its address is what its template needs.
    expect(textClassification.buildTaskInput({ 'source-ref': 's3://b/doc.txt' }, [{ label: 'a' }, { label: 'b' }]).taskObject).toBe('s3://b/doc.txt');
  });
});

import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalObjectStore, MemoryObjectStore, ObjectWriteError, PayloadReadError } from '../../../lambdas/index.ts';
import { ObjectDeleteError } from '../../../lambdas/io/object-store.ts';
import { caught, rejected } from '../../helpers/errors.ts';

let root: string;
let store: LocalObjectStore;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gtkit-local-store-'));
  store = new LocalObjectStore(root);
});
afterAll(async () => rm(root, { recursive: true, force: true }));

describe('LocalObjectStore writes whole objects', () => {
  it('of two writes of one key at once, one wins whole (no mix of both), and no temporary file is left', async () => {
    const long = JSON.stringify({ v: 'L'.repeat(200_000) });
    const short = JSON.stringify({ v: 's' });
    const torn: number[] = [];
    for (let round = 0; round < 40; round++) {
      const uri = `s3://b/race/${round}.json`;
      await Promise.all([store.putText(uri, long), store.putText(uri, short)]);
      const text = await store.getText(uri);
      if (text !== long && text !== short) torn.push(round);
    }
    expect(torn).toEqual([]);
    expect((await readdir(join(root, 'b', 'race'))).filter((name) => !/^\d+\.json$/.test(name))).toEqual([]);
  });

  it('a read during a write sees the old text or the new one, never part of one', async () => {
    const uri = 's3://b/reader.json';
    await store.putText(uri, JSON.stringify({ v: 'A'.repeat(2_000_000) }));
    const partial: number[] = [];
    for (let round = 0; round < 8; round++) {
      const write = store.putText(uri, JSON.stringify({ v: (round % 2 ? 'A' : 'B').repeat(2_000_000) }));
      const read = store.getText(uri).then((text) => {
        try {
          JSON.parse(text);
        } catch {
          partial.push(round);
        }
      });
      await Promise.all([write, read]);
    }
    expect(partial).toEqual([]);
  });
});

describe('LocalObjectStore keeps one file per key', () => {
  const refused = async (uri: string, problem: string) => {
    const read = await rejected(store.getText(uri));
    expect(read).toBeInstanceOf(PayloadReadError);
    expect(read.message).toBe(`refusing ${uri}: ${problem}`);
    expect((read as PayloadReadError).uri).toBe(uri);
    const write = await rejected(store.putText(uri, 'x'));
    expect(write).toBeInstanceOf(ObjectWriteError);
    expect(write.message).toBe(`refusing ${uri}: ${problem}`);
    expect((write as ObjectWriteError).uri).toBe(uri);
  };

  it('refuses keys that a folder would store as another key\'s file: "." and ".." segments, empty segments', async () => {
    await store.putText('s3://b/y.json', 'y');
    await refused('s3://b/x/../y.json', 'a key with a "." or ".." segment would be another key\'s file in a local folder');
    await refused('s3://b/./y.json', 'a key with a "." or ".." segment would be another key\'s file in a local folder');
    await refused('s3://b/a//c.json', 'a key with an empty segment (a leading, trailing or double "/") would be another key\'s file in a local folder');
    await refused('s3://b/dir/', 'a key with an empty segment (a leading, trailing or double "/") would be another key\'s file in a local folder');
    expect(await store.getText('s3://b/y.json')).toBe('y');
    // Names with dots that are not whole segments are keys like any other.
    await store.putText('s3://b/...json', 'dots');
    expect(await store.getText('s3://b/...json')).toBe('dots');
  });

  it('removePrefix refuses a prefix that climbs out of its folder and deletes nothing (gtkit run clears its job folder with it)', async () => {
    await store.putText('s3://b/keep/x.json', 'mine');
    const removal = await rejected(store.removePrefix('s3://b/run/../keep'));
    expect(removal.message).toBe('refusing s3://b/run/../keep: a key with a "." or ".." segment would be another key\'s file in a local folder');
    expect(await store.getText('s3://b/keep/x.json')).toBe('mine');
  });

  it('refuses a URI that names a bucket but no object (parseS3Uri still takes it, as a prefix)', async () => {
    await refused('s3://b/', 'the URI names a bucket but no object key (s3://bucket/key)');
    await refused('s3://b', 'the URI names a bucket but no object key (s3://bucket/key)');
  });

  it('works with the file-system root as its root', () => {
    expect(new LocalObjectStore('/').pathFor('s3://tmp/x.json')).toBe(join('/', 'tmp', 'x.json'));
    expect(caught(() => new LocalObjectStore('/').pathFor('s3://../etc/passwd')).message).toBe('refusing s3://../etc/passwd: a key with a "." or ".." segment would be another key\'s file in a local folder');
  });

  it('names a missing root and text that is not a string', async () => {
    const noRoot = caught(() => new LocalObjectStore(undefined as never));
    expect(noRoot).toBeInstanceOf(TypeError);
    expect(noRoot.message).toBe('LocalObjectStore: expected the root folder as a string, got undefined');
    const notText = await rejected(store.putText('s3://b/o.json', { a: 1 } as never));
    expect(notText).toBeInstanceOf(TypeError);
    expect(notText.message).toBe('LocalObjectStore.putText: expected the text as a string, got object; pass JSON.stringify(value)');
  });
});

describe('LocalObjectStore.exists', () => {
  it('says whether a file is there for the key, without reading it; a folder in its place is no object', async () => {
    await store.putText('s3://b/there/state.json', '{}');
    expect(await store.exists('s3://b/there/state.json')).toBe(true);
    expect(await store.exists('s3://b/there/missing.json')).toBe(false);
    expect(await store.exists('s3://b/there')).toBe(false);
    // A key "below" a file: the path runs through a file (ENOTDIR), so no such object.
    expect(await store.exists('s3://b/there/state.json/deeper')).toBe(false);
  });

  it('refuses a key that is not one file of its own, as a read does', async () => {
    const refused = await rejected(store.exists('s3://b/x/../there/state.json'), PayloadReadError);
    expect(refused.message).toBe('refusing s3://b/x/../there/state.json: a key with a "." or ".." segment would be another key\'s file in a local folder');
  });
});

describe('LocalObjectStore.removePrefix', () => {
  it('deletes a prefix with its nested folders and files (a job folder of many worker responses), and nothing beside it', async () => {
    for (let i = 0; i < 600; i++) await store.putText(`s3://b/job/annotations/worker-response/iteration-1/${i}/t.json`, '{}');
    await store.putText('s3://b/job/manifests/output/output.manifest', '');
    await store.putText('s3://b/job-other/keep.json', 'kept');
    await store.removePrefix('s3://b/job');
    expect(await readdir(join(root, 'b'))).not.toContain('job');
    expect(await store.getText('s3://b/job-other/keep.json')).toBe('kept');
  });

  it('removes a link, never what it points to; a prefix with nothing there, or a single file, is fine', async () => {
    const outside = join(root, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'precious.txt'), 'mine');
    await store.putText('s3://b/linked/a.json', '{}');
    await symlink(outside, join(root, 'b', 'linked', 'to-outside'), 'dir');
    await store.removePrefix('s3://b/linked');
    expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('mine');
    expect(await readdir(join(root, 'b'))).not.toContain('linked');
    await store.removePrefix('s3://b/never-written');
    await store.putText('s3://b/single.json', '{}');
    await store.removePrefix('s3://b/single.json');
    expect(await store.exists('s3://b/single.json')).toBe(false);
  });

  // Review 81: a path, a file:// URI or '' (the working folder) was taken as it is and deleted.
  it('refuses anything but an s3:// prefix, and deletes nothing', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'gtkit-keep-'));
    try {
      await writeFile(join(outside, 'precious.txt'), 'mine');
      for (const prefix of [outside, `file://${outside}`]) {
        const error = await rejected(store.removePrefix(prefix), PayloadReadError);
        expect(error.message).toBe(`refusing to remove ${JSON.stringify(prefix)}: only an s3://bucket/prefix inside ${root} can be removed`);
        expect((error as PayloadReadError).refused).toBe(true);
      }
      expect(await readFile(join(outside, 'precious.txt'), 'utf8')).toBe('mine');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('LocalObjectStore reads text and bytes alike', () => {
  // Review of the whole change: getText had its own error mapping, and a key that runs through a
  // file (`a.txt/state.json`, ENOTDIR) was not "missing" there, so a carried state read so counted
  // as unreadable (and was then never saved) where getBytes called it missing.
  it('a key under a file is a missing object for getText as for getBytes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-local-text-'));
    try {
      await mkdir(join(dir, 'b'), { recursive: true });
      await writeFile(join(dir, 'b', 'a.txt'), 'hello');
      const store = new LocalObjectStore(dir);
      expect(await store.getText('s3://b/a.txt')).toBe('hello');
      for (const read of [() => store.getText('s3://b/a.txt/state.json'), () => store.getBytes('s3://b/a.txt/state.json')]) {
        const error = await rejected(read());
        expect(error).toBeInstanceOf(PayloadReadError);
        expect((error as PayloadReadError).missing).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('LocalObjectStore.list', () => {
  it('lists the objects under a prefix as S3 does: any start of a key, nested keys, key order; no temporary write files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gtkit-local-list-'));
    try {
      const local = new LocalObjectStore(dir);
      for (const key of ['state.json', 'state-old.json', 'state/batches/b.json', 'state/batches/a.json', 'state/snapshots/1.json', 'other/x.json']) await local.putText(`s3://b/${key}`, '{}');
      await writeFile(join(dir, 'b', 'state', 'batches', '.gtkit-0000.tmp'), 'half');
      expect(await local.list('s3://b/state')).toEqual(['s3://b/state-old.json', 's3://b/state.json', 's3://b/state/batches/a.json', 's3://b/state/batches/b.json', 's3://b/state/snapshots/1.json']);
      expect(await local.list('s3://b/state/batches/')).toEqual(['s3://b/state/batches/a.json', 's3://b/state/batches/b.json']);
      expect(await local.list('s3://b/')).toHaveLength(6);
      // No folder: nothing, as in S3; a key that runs through a file too.
      expect(await local.list('s3://b/none/')).toEqual([]);
      expect(await local.list('s3://b/state.json/x')).toEqual([]);
      expect(await local.list('s3://nobucket/x')).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a prefix that would leave the root or is no s3:// prefix', async () => {
    for (const prefix of ['s3://b/../x', 's3://../x/', 's3://b//x', '/etc/']) {
      const error = await rejected(store.list(prefix));
      expect(error, prefix).toBeInstanceOf(PayloadReadError);
      expect(error.message, prefix).toMatch(new RegExp(`^could not list ${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    }
  });
});

describe('LocalObjectStore.delete and MemoryObjectStore.delete', () => {
  it('deletes one object and nothing beside it; one that is not there, or a folder in its place, is no error', async () => {
    await store.putText('s3://b/del/state/snapshots/a.json', '{}');
    await store.putText('s3://b/del/state/snapshots/ab.json', '{}');
    await store.delete('s3://b/del/state/snapshots/a.json');
    await store.delete('s3://b/del/state/snapshots/a.json');
    await store.delete('s3://b/del/state/snapshots');
    expect(await store.list('s3://b/del/')).toEqual(['s3://b/del/state/snapshots/ab.json']);
    const memory = new MemoryObjectStore({ 's3://b/a.json': '{}', 's3://b/ab.json': '{}' });
    await memory.delete('s3://b/a.json');
    await memory.delete('s3://b/a.json');
    expect(await memory.list('s3://b/')).toEqual(['s3://b/ab.json']);
  });

  it('refuses anything but an s3:// key inside its root (a path would be deleted as it is), and deletes nothing', async () => {
    const outside = join(root, 'keep.txt');
    await writeFile(outside, 'mine');
    for (const uri of [outside, `file://${outside}`, 's3://b/../keep.txt', 's3://b']) {
      const error = await rejected(store.delete(uri), ObjectDeleteError);
      expect(error.message).toMatch(/^refusing to delete /);
    }
    expect(await readFile(outside, 'utf8')).toBe('mine');
  });
});

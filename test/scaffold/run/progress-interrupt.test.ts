import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gtkitChild, type ChildEnded } from '../../helpers/gtkit-child.ts';
import { slowPreTask } from '../../helpers/slow-pre-task.ts';
import { useTempRoot } from '../../helpers/temp-root.ts';

const temp = useTempRoot('gtkit-interrupt-');
/** Loaded before gtkit: stderr passes for a 200-column terminal, so the progress line is drawn in place. */
const fakeTerminal = `data:text/javascript,${encodeURIComponent('process.stderr.isTTY = true; process.stderr.columns = 200;')}`;

/**
 * Runs gtkit in a child process whose stderr looks like a terminal, sends it a real SIGINT (as
 * Ctrl-C would) or another signal once its stderr matches `drawn`, and returns how it ended.
 */
function interrupted(args: string[], drawn: RegExp, env: NodeJS.ProcessEnv = {}, signal: NodeJS.Signals = 'SIGINT'): Promise<ChildEnded> {
  const { child, stderrSoFar, ended } = gtkitChild(args, { env, nodeArgs: ['--import', fakeTerminal] });
  let sent = false;
  child.stderr?.on('data', () => {
    // A moment after the first line is drawn: the work is under way, not starting.
    if (!sent && drawn.test(stderrSoFar())) {
      sent = true;
      setTimeout(() => child.kill(signal), 200);
    }
  });
  return ended;
}

/** What the terminal shows at the end: the stderr after its last carriage return. */
const lastLine = (stderr: string) => stderr.slice(stderr.lastIndexOf('\r'));

describe('Ctrl-C during long work', () => {
  let slowTask: string;
  let bigJob: string;
  beforeAll(async () => {
    // The run is on its first lines when Ctrl-C comes; a test without a progress line knows when by the PRE's mark.
    slowTask = await slowPreTask(join(temp.path, 'slow'));
    bigJob = join(temp.path, 'job');
    // Enough objects that one ACS call per object keeps consolidate busy for seconds.
    for (let id = 0; id < 2_000; id++) {
      const dir = join(bigJob, 'annotations', 'worker-response', 'iteration-1', String(id));
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, '2026-11-23_10:00:00.json'), JSON.stringify({ answers: [{ workerId: 'w1', answerContent: { crowdClassification: { label: 'cat' } } }] }));
    }
  }, 60_000);

  it('gtkit run: the progress line is taken away, one line says where the run was, and the exit code is 130', async () => {
    const { code, signal, stdout, stderr } = await interrupted(['run', slowTask, '--source', '--simulate', '2'], /\rrun /);
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(stdout).toBe('');
    expect(lastLine(stderr)).toMatch(/^\r\x1b\[Kinterrupted \(Ctrl-C\): run \d+\.\d s · calling the PRE · PRE \d\/6 lines · 0 answers · ACS 0\/\? batches\n$/);
  }, 60_000);

  it('gtkit consolidate: the same, and its scratch folder of ACS batches is not left in the temp folder', async () => {
    const tmp = join(temp.path, 'tmp');
    await mkdir(tmp);
    const { code, signal, stdout, stderr } = await interrupted(['consolidate', bigJob, '--type', 'image-classification', '--batch-size', '1', '-o', join(temp.path, 'out.manifest')], /consolidating [1-9]/, { TMPDIR: tmp });
    // (tsx keeps its cache there too.)
    expect((await readdir(tmp)).filter((name) => name.startsWith('gtkit-'))).toEqual([]);
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(stdout).toBe('');
    expect(lastLine(stderr)).toMatch(/^\r\x1b\[Kinterrupted \(Ctrl-C\): consolidate \d+\.\d s · consolidating [\d,]+\/2,000 objects\n$/);
  }, 60_000);

  it('gtkit run: SIGTERM (kill, a CI runner) is taken as Ctrl-C is, named as it is, with exit code 143', async () => {
    const { code, signal, stdout, stderr } = await interrupted(['run', slowTask, '--source', '--simulate', '2'], /\rrun /, {}, 'SIGTERM');
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(stdout).toBe('');
    expect(lastLine(stderr)).toMatch(/^\r\x1b\[Kterminated \(SIGTERM\): run \d+\.\d s · calling the PRE · PRE \d\/6 lines · 0 answers · ACS 0\/\? batches\n$/);
  }, 60_000);

  it('gtkit consolidate: SIGTERM clears the line, says where it was, exits 143 and removes its scratch folder', async () => {
    const tmp = join(temp.path, 'tmp-term');
    await mkdir(tmp);
    const { code, signal, stderr } = await interrupted(['consolidate', bigJob, '--type', 'image-classification', '--batch-size', '1', '-o', join(temp.path, 'out-term.manifest')], /consolidating [1-9]/, { TMPDIR: tmp }, 'SIGTERM');
    expect((await readdir(tmp)).filter((name) => name.startsWith('gtkit-'))).toEqual([]);
    expect({ code, signal }).toEqual({ code: 143, signal: null });
    expect(lastLine(stderr)).toMatch(/^\r\x1b\[Kterminated \(SIGTERM\): consolidate \d+\.\d s · consolidating [\d,]+\/2,000 objects\n$/);
  }, 60_000);

  /** Runs gtkit with stderr not a terminal (a CI log, a script) and sends `signal` once its scratch folder under `tmp` is there, i.e. the ACS batches are under way. */
  async function stoppedInBatches(args: string[], tmp: string, signal: NodeJS.Signals): Promise<ChildEnded> {
    const { child, ended } = gtkitChild(args, { env: { TMPDIR: tmp } });
    const scratch = async () => (await readdir(tmp)).filter((name) => name.startsWith('gtkit-consolidate-'));
    for (let waited = 0; (await scratch()).length === 0 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(await scratch()).toHaveLength(1);
    child.kill(signal);
    const how = await ended;
    expect(await scratch()).toEqual([]);
    return how;
  }

  it('gtkit consolidate, stderr not a terminal (no progress line): Ctrl-C still says where it was, as gtkit run does, exits 130 and removes the scratch folder', async () => {
    const tmp = join(temp.path, 'tmp-log');
    await mkdir(tmp);
    const ended = await stoppedInBatches(['consolidate', bigJob, '--type', 'image-classification', '--batch-size', '1', '-o', join(temp.path, 'out-log.manifest')], tmp, 'SIGINT');
    expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 130, signal: null });
    expect(ended.stdout).toBe('');
    expect(ended.stderr).toMatch(/^interrupted \(Ctrl-C\): consolidate \d+\.\d s · consolidating [\d,]+\/2,000 objects\n$/);
  }, 60_000);

  it('gtkit consolidate --json: SIGTERM answers with one JSON document on stdout (the line on stderr too), exits 143 and removes the scratch folder', async () => {
    const tmp = join(temp.path, 'tmp-json');
    await mkdir(tmp);
    const ended = await stoppedInBatches(['consolidate', bigJob, '--json', '--type', 'image-classification', '--batch-size', '1', '-o', join(temp.path, 'out-json.manifest')], tmp, 'SIGTERM');
    expect({ code: ended.code, signal: ended.signal }).toEqual({ code: 143, signal: null });
    // On stdout although the ACS, which has stdout sent to stderr while it runs, may be running when the signal comes.
    const answer = JSON.parse(ended.stdout) as { error: string };
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/^terminated \(SIGTERM\): consolidate \d+\.\d s · consolidating [\d,]+\/2,000 objects$/) });
    expect(ended.stderr).toBe(`${answer.error}\n`);
  }, 60_000);

  it('gtkit run --json: Ctrl-C during a PRE call answers with one JSON document on stdout, with its problems, and exits 130', async () => {
    const mark = join(temp.path, 'pre-called');
    const { child, ended } = gtkitChild(['run', slowTask, '--source', '--simulate', '2', '--json'], { env: { PRE_MARK: mark } });
    // No progress to wait for with --json: the PRE's calls (each takes five seconds) mark the file, one dot each.
    // The second call says the run has counted a line to say where it was, however slow the start.
    const deadline = Date.now() + 40_000;
    while (!(existsSync(mark) && readFileSync(mark, 'utf8').length >= 2) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const { code, signal, stdout, stderr } = await ended;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    const answer = JSON.parse(stdout) as { error: string };
    expect(answer).toEqual({ ok: false, error: expect.stringMatching(/^interrupted \(Ctrl-C\): run \d+\.\d s · calling the PRE · PRE \d\/6 lines · 0 answers · ACS 0\/\? batches$/), problems: [] });
    expect(stderr).toBe(`${answer.error}\n`);
  }, 60_000);
});

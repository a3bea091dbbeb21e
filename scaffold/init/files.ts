import { posix } from 'node:path';
import type { TaskConfig } from '../config/define-task.ts';

/** The source files of a new task folder, as text. */

export function configSource(config: TaskConfig): string {
  const json = JSON.stringify(config, null, 2).replace(/"([A-Za-z_$][\w$]*)":/g, '$1:');
  // The declaration is the user's to make; the comment sits above the field it is about.
  const classifiers = json.replace(
    /^( *)contentClassifiers: \[\]/m,
    (line, indent: string) =>
      `${indent}// The public crowd (Mechanical Turk) sees the data. Check that it holds no personal information\n` +
      `${indent}// (names, email addresses, phone numbers, faces, …), then add "FreeOfPersonallyIdentifiableInformation":\n` +
      `${indent}// it is your statement to AWS, and Ground Truth runs the job only with it (gtkit lint and job stop until then).\n` +
      line,
  );
  return `import { defineTask } from 'gtkit/config';

// The labeling job, its workforce and where its files live. Edit freely: gtkit lint, run, job
// and deploy read this file, and your editor completes and checks it.
// Replace the example account (123456789012), role, workteam and bucket with yours.
${config.streaming ? '' : `// A streaming job (objects sent to an SNS topic): add streaming: { inputTopicArn: "arn:aws:sns:…",
// outputTopicArn?: "…", dataPrefixes?: ["s3://<bucket>/<folder>/"] } (gtkit init --input-topic sets it).
`}export default defineTask(${classifiers});
`;
}

/**
 * The task's pre.ts: it calls the type's task-input builder (`boundingBoxTaskInputOf`), not the
 * definition's `buildTaskInput`, so the bundle carries that function and not the definition's
 * answer parsing, simulation and similarity. A type whose workers need the text itself
 * (`readsSourceText`: named entity) reads a `source-ref` line's object first; every other type's
 * stays a one-line call.
 */
export function preSource(builderExport: string, inputType: string, readsSourceText = false): string {
  const build = readsSourceText ? `${builderExport}(await withSourceText(line, readText), labels)` : `${builderExport}(line, labels)`;
  return `import { preHandler } from 'gtkit';
import { labelDefinitions } from 'gtkit/config';
import { ${builderExport}, ${readsSourceText ? 'withSourceText, ' : ''}type ${inputType} } from 'gtkit/task-types';
import config from './gtkit.config.ts';

// Pre-annotation Lambda: turns each input-manifest line into \`task.input\` for the template.
// Return isHumanAnnotationRequired: false to keep a line away from workers.
// ${builderExport} makes the type's task.input: it alone goes into the bundle, where the
// type's whole definition would bring its answer checks and simulated workers.
${
    readsSourceText
      ? `// Workers need the text itself: a line with "source-ref" gets its object's text (UTF-8), read
// from S3 in Lambda and from s3/<bucket>/<key> in this folder under gtkit run and preview.
`
      : ''
  }// The template sees only what taskInput holds: to show another manifest field, add it, e.g.
//   taskInput: { ...${build}, channel: line.channel },
const labels = labelDefinitions(config);

// A line that cannot become a task (no "source" or "source-ref"${readsSourceText ? ', a text object that is missing or not UTF-8' : ''}) is kept from
// workers and logged: Ground Truth fails the whole job on any PRE error. gtkit lint and gtkit run
// name each such line; use 'fail' if a bad line should stop the job instead.
export const handler = preHandler<${inputType}>(${readsSourceText ? 'async (line, { readText })' : '(line)'} => ({
  taskInput: ${build},
}), { onInvalidDataObject: 'skip' });
`;
}

export function acsSource(typeExport: string, kindExport: string): string {
  return `import { acsHandler } from 'gtkit';
import { labelDefinitions, labelNames } from 'gtkit/config';
import { ${kindExport}, kindConsolidation, ${typeExport} } from 'gtkit/task-types';
import config from './gtkit.config.ts';

// Annotation-consolidation Lambda: merges the workers' answers for each object into one label
// with a confidence, in Ground Truth's built-in output format. The algorithm comes from
// config.consolidation; worker-quality estimates are carried from batch to batch on S3.
// ${kindExport}: the algorithms and output format of this type's answers, and no other's, go
// into the bundle.
const consolidation = kindConsolidation(${typeExport}, ${kindExport}, {
  algorithm: config.consolidation.algorithm,
  options: config.consolidation.options ?? {},
  labels: labelNames(config),
  labelDefinitions: labelDefinitions(config),
  // The template's other fields (a comment box) to carry into each object's metadata, per worker.
  keepFields: config.consolidation.keepFields ?? [],
  // An earlier job's annotations/gtkit-state/ to start the worker-quality state from, if set.
  seedState: config.consolidation.seedState,
});

// How the type decodes, reads and consolidates answers, all in one: acsHandler takes it as it is.
export const handler = acsHandler(consolidation);
`;
}

export function testSource(): string {
  return `// The task's own test: runs with \`npm test\` (node's test runner; gtkit/register compiles the TypeScript).
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { LocalObjectStore } from 'gtkit';
import { buildAcsEvent, buildAcsPayload, buildPreEvent, invokeAcs, invokePre } from 'gtkit/testing';
import { handler as pre } from './pre.ts';
import { handler as acs } from './acs.ts';
import config from './gtkit.config.ts';

const read = (file: string) =>
  readFileSync(new URL(file, import.meta.url), 'utf8')
    .split(/\\r?\\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
const manifest = read('./manifest.jsonl');
const answers: Array<{ datasetObjectId: string; workerId: string; answerContent: unknown }> = read('./answers.jsonl');

test('the PRE turns every sample manifest line into a task for workers', async () => {
  // A PRE that reads an object's text (readText) reads s3://<bucket>/<key> from this folder's s3/<bucket>/<key>.
  process.env.GTKIT_LOCAL_S3_ROOT = fileURLToPath(new URL('./s3/', import.meta.url));
  for (const line of manifest) {
    const response = await invokePre(pre, buildPreEvent(line));
    assert.equal(response.isHumanAnnotationRequired, true);
    assert.equal(typeof response.taskInput, 'object');
  }
});

test('the ACS returns exactly one consolidated label per object', async () => {
  const ids = [...new Set(answers.map((a) => a.datasetObjectId))];
  const payload = buildAcsPayload(
    ids.map((id) => ({
      datasetObjectId: id,
      answers: answers.filter((a) => a.datasetObjectId === id).map((a) => ({ workerId: a.workerId, answer: a.answerContent })),
    })),
  );
  // The deployable handler reads "S3" from a local folder laid out as <bucket>/<key>.
  const root = mkdtempSync(join(tmpdir(), 'task-test-'));
  process.env.GTKIT_LOCAL_S3_ROOT = root;
  const uri = 's3://sample-bucket/consolidation-request.json';
  await new LocalObjectStore(root).putText(uri, JSON.stringify(payload));
  const response = await invokeAcs(acs, buildAcsEvent({ payloadUri: uri, labelAttributeName: config.labelAttributeName }), ids);
  assert.equal(response.length, ids.length);
  for (const entry of response) {
    assert.ok(!('consolidationError' in Object(entry.consolidatedAnnotation.content[config.labelAttributeName])), JSON.stringify(entry));
  }
});
`;
}

/** A path as a .gitignore line takes it literally: its wildcards, `!`, `#` and a trailing space escaped. */
function gitignoreLiteral(path: string): string {
  return path.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ $/, '\\ ');
}

/**
 * The task's .gitignore. `s3/` holds local copies of the data objects (the customers' data once
 * the user puts theirs there), so it is ignored but for the sample objects init wrote (`sampleFiles`,
 * paths under the task folder), which a clone needs for gtkit run and the task's test. The
 * answers file is the sample's too, so it stays, with a comment on answers captured on real data.
 */
export function gitignoreSource(sampleFiles: readonly string[]): string {
  const samples = sampleFiles.map((f) => `!${gitignoreLiteral(f.split(/[\\/]/).join(posix.sep))}`);
  return `.gtkit/
node_modules/
.env*
# s3/ holds local copies of the objects the manifest names: once they are your data, keep them out
# of git. Only the sample objects gtkit init wrote are committed.
s3/**
!s3/**/
${samples.map((line) => `${line}\n`).join('')}# answers.jsonl holds the sample answers; answers gtkit preview captures on your data are that data
# too: delete them before committing, or add answers.jsonl here.
`;
}

import type { AcsEvent, AcsPayloadObject } from '../contracts/acs.ts';
import type { DataObject, PreEvent } from '../contracts/pre.ts';
import { describeType, isObject } from '../contracts/check.ts';

/** Real events carry this version (the docs say 2018-10-16); handlers must not care. */
export const observedEventVersion = '2018-10-06';

export function labelingJobArn(jobName = 'gtkit-test-job', region = 'us-east-1', account = '123456789012'): string {
  for (const [name, value] of [['jobName', jobName], ['region', region], ['account', account]] as const) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`labelingJobArn: ${name}: expected a non-empty string, got ${describeType(value)}`);
  }
  return `arn:aws:sagemaker:${region}:${account}:labeling-job/${jobName.toLowerCase()}`;
}

/** A PRE event as Ground Truth sends it, for one manifest line. */
export function buildPreEvent<T extends DataObject>(dataObject: T, overrides: Partial<PreEvent<T>> = {}): PreEvent<T> {
  return { version: observedEventVersion, labelingJobArn: labelingJobArn(), dataObject, ...overrides };
}

/** An ACS event as Ground Truth sends it, including the undocumented keys seen in real events. */
export function buildAcsEvent(options: {
  payloadUri: string;
  labelAttributeName?: string;
  labelCategories?: string[] | null;
  jobName?: string;
  outputConfig?: string;
  roleArn?: string;
  workersPerObject?: number;
}): AcsEvent {
  if (!isObject(options)) throw new TypeError(`buildAcsEvent: expected options { payloadUri, … }, got ${describeType(options)}`);
  if (typeof options.payloadUri !== 'string') throw new TypeError(`buildAcsEvent: payloadUri: expected an s3:// URI string, got ${describeType(options.payloadUri)}`);
  const jobName = options.jobName ?? 'gtkit-test-job';
  const event: AcsEvent = {
    version: observedEventVersion,
    labelingJobArn: labelingJobArn(jobName),
    labelCategories: options.labelCategories ?? null,
    labelAttributeName: options.labelAttributeName ?? 'label',
    roleArn: options.roleArn ?? 'arn:aws:iam::123456789012:role/GroundTruthExecRole',
    payload: { s3Uri: options.payloadUri },
    outputConfig: options.outputConfig ?? `s3://gtkit-test-bucket/output/${jobName}/annotations`,
    maxHumanWorkersPerDataObject: options.workersPerObject ?? 3,
    vpcEnabled: false,
  };
  if (options.labelCategories === undefined) delete (event as Partial<AcsEvent>).labelCategories;
  return event;
}

/** One object's answers, as plain values; `buildAcsPayload` encodes them like Ground Truth. */
export interface ObjectAnswers {
  datasetObjectId: string | number;
  dataObject?: { s3Uri?: string; content?: string };
  answers: Array<{ workerId: string; answer: unknown }>;
}

/** A consolidation-request payload: each answer JSON-encoded into `annotationData.content`. */
export function buildAcsPayload(objects: ObjectAnswers[]): AcsPayloadObject[] {
  checkObjectAnswers(objects);
  return objects.map((o) => ({
    datasetObjectId: String(o.datasetObjectId),
    dataObject: o.dataObject ?? { content: `object ${o.datasetObjectId}` },
    annotations: o.answers.map((a) => ({ workerId: a.workerId, annotationData: { content: JSON.stringify(a.answer) } })),
  }));
}

/** Names what plain JavaScript got wrong, rather than "cannot read properties of undefined" from inside. */
function checkObjectAnswers(objects: unknown): void {
  if (!Array.isArray(objects)) throw new TypeError(`buildAcsPayload: expected an array of { datasetObjectId, answers }, got ${describeType(objects)}`);
  objects.forEach((o: unknown, i) => {
    const at = `buildAcsPayload: objects[${i}]`;
    if (!isObject(o)) throw new TypeError(`${at}: expected an object { datasetObjectId, answers }, got ${describeType(o)}`);
    if (!Array.isArray(o.answers)) throw new TypeError(`${at}.answers: expected an array of { workerId, answer }, got ${describeType(o.answers)}`);
    o.answers.forEach((a: unknown, j) => {
      if (!isObject(a)) throw new TypeError(`${at}.answers[${j}]: expected an object { workerId, answer }, got ${describeType(a)}`);
    });
  });
}

/** A worker id in the shape of a private workforce's. */
export function privateWorkerId(n: number, region = 'us-east-1'): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`privateWorkerId: expected a whole number ≥ 0, got ${typeof n === 'number' ? n : describeType(n)}`);
  return `private.${region}.${n.toString(16).padStart(16, '0')}`;
}

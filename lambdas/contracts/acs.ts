import { ContractError } from './errors.ts';
import {
  IssueCollector,
  child,
  describeType,
  isObject,
  optionalString,
  requireArray,
  requireObject,
  requireString,
  versionText,
  type JsonObject,
} from './check.ts';

/** The event Ground Truth sends to the annotation-consolidation Lambda, once per batch. */
export interface AcsEvent {
  /** Opaque; never validated. */
  version: string;
  labelingJobArn: string;
  /** Missing or null for jobs without a label-category file. */
  labelCategories: string[] | null;
  /** The key the response must use. */
  labelAttributeName: string;
  /** The job's execution role, for the optional assume-role path. */
  roleArn?: string;
  payload: { s3Uri: string };
  /** Undocumented but observed: `s3://<bucket>/<prefix>/<job>/annotations` (a string). */
  outputConfig?: string;
  maxHumanWorkersPerDataObject?: number;
  vpcEnabled?: boolean;
  kmsKeyId?: string;
  [extra: string]: unknown;
}

/** Where a worker's answer is: inline JSON text, or an S3 object. */
export interface AnnotationData {
  content?: string;
  s3Uri?: string;
}

export interface RawAnnotation {
  workerId: string;
  annotationData: AnnotationData;
}

/** One data object in the consolidation-request payload file. */
export interface AcsPayloadObject {
  /** Always a string here, even when a producer sent a number. */
  datasetObjectId: string;
  dataObject: { s3Uri?: string; content?: string; [extra: string]: unknown };
  annotations: RawAnnotation[];
}

/** One entry of the ACS response. */
export interface AcsResponseEntry<TContent extends JsonObject = JsonObject> {
  datasetObjectId: string;
  consolidatedAnnotation: { content: TContent };
}

export type AcsResponse<TContent extends JsonObject = JsonObject> = Array<AcsResponseEntry<TContent>>;

/**
 * Checks an ACS event. Accepts what Ground Truth really sends: any `version`, `outputConfig`
 * as a string (or an object with `s3Uri`), `labelCategories` missing or null, extra keys.
 */
export function parseAcsEvent(event: unknown): AcsEvent {
  const issues = new IssueCollector();
  const root = requireObject(event, 'event', issues);
  if (!root) throw new ContractError('ACS event', issues.issues);
  // Opaque and never acted on, so never refused: whatever it is, it is taken as its text.
  const version = versionText(root.version);
  const labelingJobArn = requireString(root, 'labelingJobArn', 'event', issues) ?? '';
  const labelAttributeName = requireString(root, 'labelAttributeName', 'event', issues, { nonEmpty: true }) ?? '';
  const roleArn = optionalString(root, 'roleArn', 'event', issues);
  const labelCategories = parseLabelCategories(root.labelCategories, issues);
  const payload = requireObject(root.payload, 'event.payload', issues);
  const s3Uri = payload ? requireString(payload, 's3Uri', 'event.payload', issues, { nonEmpty: true }) : undefined;
  const outputConfig = parseOutputConfig(root.outputConfig, issues);
  if (!issues.ok) throw new ContractError('ACS event', issues.issues);
  const parsed: AcsEvent = { ...root, version, labelingJobArn, labelAttributeName, labelCategories, payload: { s3Uri: s3Uri ?? '' } };
  if (roleArn !== undefined) parsed.roleArn = roleArn;
  if (outputConfig !== undefined) parsed.outputConfig = outputConfig;
  else delete parsed.outputConfig;
  // Undocumented and only read for the confidence of one-worker jobs: a value that is not a count
  // is left out rather than refusing the batch, and never passed on as a number it is not.
  const workers = workerCount(root.maxHumanWorkersPerDataObject);
  if (workers !== undefined) parsed.maxHumanWorkersPerDataObject = workers;
  else delete parsed.maxHumanWorkersPerDataObject;
  return parsed;
}

/** A whole number of workers ≥ 1, given as a number or as its digits, or undefined. */
function workerCount(value: unknown): number | undefined {
  const count = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 1 ? count : undefined;
}

function parseLabelCategories(value: unknown, issues: IssueCollector): string[] | null {
  if (value === undefined || value === null) return null;
  const list = requireArray(value, 'event.labelCategories', issues);
  if (!list) return null;
  const out: string[] = [];
  list.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    // Label-category files hold objects; tolerate them here too.
    else if (isObject(item) && typeof item.label === 'string') out.push(item.label);
    else issues.add(`event.labelCategories[${i}]`, `expected a string, got ${describeType(item)}`);
  });
  return out;
}

function parseOutputConfig(value: unknown, issues: IssueCollector): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isObject(value)) {
    const uri = value.s3Uri ?? value.S3Uri ?? value.s3OutputPath ?? value.S3OutputPath;
    if (typeof uri === 'string') return uri;
  }
  issues.add('event.outputConfig', `expected an S3 URI string, got ${describeType(value)}`);
  return undefined;
}

/**
 * Checks the consolidation-request payload file (a JSON array, one element per data object).
 * Returns the objects it could read and the issues of those it could not, so that one bad
 * element never hides the others. `datasetObjectId` numbers become strings.
 */
export function parseAcsPayload(payload: unknown, path = 'payload'): { objects: AcsPayloadObject[]; issues: ContractIssueList } {
  const issues = new IssueCollector();
  const list = requireArray(payload, path, issues);
  const objects: AcsPayloadObject[] = [];
  if (!list) return { objects, issues: issues.issues };
  list.forEach((item, index) => {
    const at = child(path, index);
    const local = new IssueCollector();
    const parsed = parsePayloadObject(item, at, local);
    if (parsed) objects.push(parsed);
    issues.issues.push(...local.issues);
  });
  return { objects, issues: issues.issues };
}

type ContractIssueList = IssueCollector['issues'];

function parsePayloadObject(item: unknown, at: string, issues: IssueCollector): AcsPayloadObject | undefined {
  const obj = requireObject(item, at, issues);
  if (!obj) return undefined;
  const id = parseDatasetObjectId(obj.datasetObjectId, child(at, 'datasetObjectId'), issues);
  if (id === undefined) return undefined;
  const dataObject = obj.dataObject === undefined || obj.dataObject === null ? {} : requireObject(obj.dataObject, child(at, 'dataObject'), issues) ?? {};
  const annotationsRaw = obj.annotations === undefined || obj.annotations === null ? [] : requireArray(obj.annotations, child(at, 'annotations'), issues) ?? [];
  const annotations: RawAnnotation[] = [];
  annotationsRaw.forEach((a, i) => {
    const aPath = child(child(at, 'annotations'), i);
    // A placeholder worker of its own: missing ids must not merge into one worker across objects.
    const placeholder = placeholderWorkerId(id, i);
    const ann = requireObject(a, aPath, issues);
    if (!ann) {
      // Kept (with nothing to decode) so the entry accounts for it and later paths keep their index.
      annotations.push({ workerId: placeholder, annotationData: {} });
      return;
    }
    const workerId = parseWorkerId(ann.workerId, child(aPath, 'workerId'), issues);
    const data = requireObject(ann.annotationData, child(aPath, 'annotationData'), issues);
    const annotationData: AnnotationData = {};
    if (data) {
      const content = data.content;
      const s3Uri = data.s3Uri ?? data.s3uri;
      if (typeof content === 'string') annotationData.content = content;
      else if (content !== undefined && content !== null) {
        // A producer that already decoded the answer: keep it as JSON text so the reader is uniform.
        try {
          annotationData.content = JSON.stringify(content);
        } catch (error) {
          // Nested too deeply for the engine (RangeError), say: this answer alone is set aside.
          issues.add(child(child(aPath, 'annotationData'), 'content'), `cannot be re-encoded as JSON (${(error as Error).message})`);
        }
      }
      if (typeof s3Uri === 'string') annotationData.s3Uri = s3Uri;
      if (annotationData.content === undefined && annotationData.s3Uri === undefined && (content === undefined || content === null)) {
        issues.add(child(aPath, 'annotationData'), 'has neither "content" nor "s3Uri"');
      }
    }
    // The annotation is kept even when broken, so that the object's entry can carry it.
    annotations.push({ workerId: workerId ?? placeholder, annotationData });
  });
  const dataOut: AcsPayloadObject['dataObject'] = { ...(dataObject as JsonObject) };
  return { datasetObjectId: id, dataObject: dataOut, annotations };
}

/** The worker id given to an answer that has none: a worker of its own, never merged with another across objects. */
export function placeholderWorkerId(datasetObjectId: string, index: number): string {
  return `unknown-worker-${datasetObjectId}-${index}`;
}

function parseDatasetObjectId(value: unknown, at: string, issues: IssueCollector): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    // JSON.parse has already rounded it: echoed, it would name another object.
    issues.add(at, `the number ${String(value)} is beyond 2^53, where JSON numbers lose digits, so it cannot be echoed exactly; send the id as a string`);
    return undefined;
  }
  issues.add(at, value === undefined ? 'is missing' : value === '' ? 'must not be empty' : `expected a string id, got ${describeType(value)} ${JSON.stringify(value)}`);
  return undefined;
}

/**
 * A worker id: a non-empty string, or a finite number taken as its text (with a warning, since
 * Ground Truth sends strings); anything else is an issue and the answer gets a placeholder.
 */
function parseWorkerId(value: unknown, at: string, issues: IssueCollector): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) {
    issues.add(at, `is the number ${String(value)}, taken as the worker id "${String(value)}"; Ground Truth sends worker ids as strings`);
    return String(value);
  }
  issues.add(at, value === undefined ? 'is missing' : value === '' ? 'must not be empty' : `expected a non-empty string, got ${describeType(value)}`);
  return undefined;
}

/**
 * Checks an ACS response: a bare array, one entry per id, each with
 * `consolidatedAnnotation.content` keyed by the label attribute name. With `expectedIds`, also
 * checks that every input id is answered exactly once and no other id appears.
 */
export function parseAcsResponse(response: unknown, options: { labelAttributeName: string; expectedIds?: Iterable<string> }): AcsResponse {
  const issues = new IssueCollector();
  const list = requireArray(response, 'response', issues);
  if (!list) throw new ContractError('ACS response', issues.issues);
  const seen = new Map<string, number>();
  list.forEach((entry, i) => {
    const at = `response[${i}]`;
    const obj = requireObject(entry, at, issues);
    if (!obj) return;
    const id = requireString(obj, 'datasetObjectId', at, issues, { nonEmpty: true });
    if (id !== undefined) {
      if (seen.has(id)) issues.add(child(at, 'datasetObjectId'), `duplicate id "${id}" (first at response[${seen.get(id)}])`);
      else seen.set(id, i);
    }
    const ca = requireObject(obj.consolidatedAnnotation, child(at, 'consolidatedAnnotation'), issues);
    const content = ca ? requireObject(ca.content, `${at}.consolidatedAnnotation.content`, issues) : undefined;
    // Own keys only: a label attribute named `constructor` or `toString` would otherwise be found on the prototype.
    if (content && !Object.hasOwn(content, options.labelAttributeName)) {
      issues.add(`${at}.consolidatedAnnotation.content`, `has no key "${options.labelAttributeName}" (the event's labelAttributeName)`);
    }
  });
  if (options.expectedIds) {
    const expected = new Set(options.expectedIds);
    for (const id of expected) if (!seen.has(id)) issues.add('response', `no entry for datasetObjectId "${id}"`);
    for (const id of seen.keys()) if (!expected.has(id)) issues.add('response', `entry for datasetObjectId "${id}", which was not in the payload`);
  }
  if (!issues.ok) throw new ContractError('ACS response', issues.issues);
  return list as AcsResponse;
}

export type { JsonObject };

import { ContractError } from './errors.ts';
import { IssueCollector, describeType, isObject, requireObject, requireString, versionText, type JsonObject } from './check.ts';

/**
 * A data object: the whole input-manifest line (or SNS message) as parsed JSON. It has
 * `source` (inline text) or `source-ref` (an S3 URI) plus any other attributes.
 */
export interface DataObject {
  source?: string;
  'source-ref'?: string;
  [attribute: string]: unknown;
}

/** The event Ground Truth sends to the pre-annotation Lambda, once per data object. */
export interface PreEvent<TData extends DataObject = DataObject> {
  /** Opaque: the docs say `2018-10-16`, real events carry `2018-10-06`. Never validated: any other type arrives as its JSON text. */
  version: string;
  labelingJobArn: string;
  dataObject: TData;
}

/** What the pre-annotation Lambda returns. `taskInput` becomes `task.input` in the template. */
export interface PreResponse<TTaskInput extends object = JsonObject> {
  taskInput: TTaskInput;
  /** A real boolean (AWS samples return the string "true" under a misspelled key). */
  isHumanAnnotationRequired: boolean;
}

/**
 * Checks a PRE event and returns it typed. Unknown top-level keys are kept; `version` may be
 * any string (or missing). Throws a `ContractError` listing every problem by path.
 */
export function parsePreEvent(event: unknown): PreEvent {
  const issues = new IssueCollector();
  const root = requireObject(event, 'event', issues);
  if (!root) throw new ContractError('PRE event', issues.issues);
  // Opaque and never acted on, so never refused: whatever it is, it is taken as its text.
  const version = versionText(root.version);
  const labelingJobArn = requireString(root, 'labelingJobArn', 'event', issues) ?? '';
  const dataObject = root.dataObject;
  if (!isObject(dataObject)) {
    issues.add('event.dataObject', dataObject === undefined ? 'is missing' : `expected an object (the manifest line), got ${describeType(dataObject)}`);
  } else {
    checkDataObject(dataObject, 'event.dataObject', issues);
  }
  if (!issues.ok) throw new ContractError('PRE event', issues.issues);
  return { ...root, version, labelingJobArn, dataObject: dataObject as DataObject };
}

/** `source` and `source-ref`, when present, must be strings; at least one must be there. */
export function checkDataObject(dataObject: JsonObject, path: string, issues: IssueCollector): void {
  const source = dataObject.source;
  const sourceRef = dataObject['source-ref'];
  if (source === undefined && sourceRef === undefined) {
    issues.add(path, 'has neither "source" nor "source-ref": every manifest line needs one');
  }
  if (source !== undefined && typeof source !== 'string') {
    issues.add(`${path}.source`, `expected a string, got ${describeType(source)}`);
  }
  if (sourceRef !== undefined && typeof sourceRef !== 'string') {
    issues.add(`${path}["source-ref"]`, `expected a string (an s3:// URI), got ${describeType(sourceRef)}`);
  }
}

/**
 * Checks what a PRE Lambda returned, strictly: `taskInput` must be a JSON object and
 * `isHumanAnnotationRequired`, when present, a boolean. Used by the dry run and tests to
 * catch the mistakes the official samples make.
 */
export function parsePreResponse(response: unknown): PreResponse {
  const issues = new IssueCollector();
  const root = requireObject(response, 'response', issues);
  if (!root) throw new ContractError('PRE response', issues.issues);
  if (!isObject(root.taskInput)) {
    issues.add('response.taskInput', root.taskInput === undefined ? 'is missing' : `expected an object, got ${describeType(root.taskInput)}`);
  }
  const flag = root.isHumanAnnotationRequired;
  if (flag === 'true' || flag === 'false') {
    // AWS's own sample recipe returns the string; whether Ground Truth reads "false" as false is not documented.
    issues.add('response.isHumanAnnotationRequired', `is the string "${flag}": return the boolean ${flag} (an AWS sample returns a string, but whether Ground Truth reads one is not documented)`);
  } else if (flag !== undefined && typeof flag !== 'boolean') {
    issues.add('response.isHumanAnnotationRequired', `expected a boolean, got ${describeType(flag)} ${JSON.stringify(flag)}`);
  }
  if ('humanAnnotationRequired' in root) {
    issues.add('response.humanAnnotationRequired', 'unknown key: the field is "isHumanAnnotationRequired" (Ground Truth ignores this one)');
  }
  if (!issues.ok) throw new ContractError('PRE response', issues.issues);
  return { taskInput: root.taskInput as JsonObject, isHumanAnnotationRequired: flag !== false };
}

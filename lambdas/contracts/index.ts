export { ContractError, ObjectWriteError, PayloadReadError, type ContractIssue } from './errors.ts';
export { parsePreEvent, parsePreResponse, type DataObject, type PreEvent, type PreResponse } from './pre.ts';
export {
  parseAcsEvent,
  parseAcsPayload,
  parseAcsResponse,
  type AcsEvent,
  type AcsPayloadObject,
  type AcsResponse,
  type AcsResponseEntry,
  type AnnotationData,
  type RawAnnotation,
} from './acs.ts';
export { decodeAnswerContent, type DecodeOptions, type DecodeResult } from './answer-content.ts';
export type { JsonObject } from './check.ts';

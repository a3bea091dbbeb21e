import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { LintFinding } from '../../templates/lint/types.ts';
import type { LoadedTask } from './load-task.ts';
import { shownPath } from '../cli/paths.ts';
import { linesNotUtf8, type ManifestFileError, type ManifestTrouble } from '../run/manifest.ts';

/** The files of a task folder that the tools read (and `gtkit init` writes), in the order lint reports them. */
const neededTaskFiles = ['template', 'manifest', 'pre', 'acs'] as const;
type NeededTaskFile = (typeof neededTaskFiles)[number];

/** What each file is to the task, for the message. */
const roles: Record<NeededTaskFile, string> = {
  template: 'worker task template',
  manifest: 'sample input manifest',
  pre: 'pre-annotation (PRE) Lambda',
  acs: 'annotation-consolidation (ACS) Lambda',
};

/**
 * What to say about a task file that is not there: what it is, and how to get it back. A file at
 * its default name is restored from version control or a fresh scaffold; one the config points
 * at (`files.acs`) is more likely a wrong path, so the field is named. `gtkit run` opens its
 * message for a missing PRE or ACS the same way ("no such file; a task folder needs acs.ts").
 */
function missingTaskFile(task: LoadedTask, which: NeededTaskFile): { message: string; hint: string } {
  const config = basename(task.configFile);
  if (task.config.files?.[which] !== undefined) {
    return {
      message: `no such file; files.${which} in ${config} points here (the ${roles[which]})`,
      hint: `fix files.${which} in ${config} (a path relative to the folder that holds it), or put the file there`,
    };
  }
  const name = basename(task.paths[which]);
  return {
    message: `no such file; a task folder needs ${name}, its ${roles[which]}`,
    hint: `restore ${name} from version control, or copy the one \`gtkit init <new-folder> --type ${task.config.type}\` writes; if yours has another name or folder, set files.${which} in ${config} to its path`,
  };
}

/** The needed files of a loaded task folder that are not there. */
export function missingTaskFiles(task: LoadedTask): NeededTaskFile[] {
  return neededTaskFiles.filter((which) => !existsSync(task.paths[which]));
}

/** A missing task file as a lint finding on its path. */
export function missingTaskFileFinding(task: LoadedTask, which: NeededTaskFile): LintFinding {
  return { ruleId: 'missing-file', severity: 'error', ...missingTaskFile(task, which), file: shownPath(task.paths[which]), line: 1, column: 1 };
}

/** What each trouble is (when the reader's words do not say it well) and what to do; `elsewhere` points at files.manifest. */
const manifestTroubles: Record<Exclude<ManifestTrouble, 'missing'>, (name: string, elsewhere: string) => { hint: string }> = {
  folder: (name, elsewhere) => ({ hint: `move the folder ${name} away and put the manifest file (one JSON object per line) in its place${elsewhere}` }),
  'not-a-file': (name, elsewhere) => ({ hint: `replace ${name} with a regular file, one JSON object per line${elsewhere}` }),
  unreadable: (name) => ({ hint: `let your user read ${name} (check its owner and permissions, e.g. chmod u+r ${name})` }),
  'utf-16': (name) => ({ hint: `save ${name} again as UTF-8 (your editor's encoding setting, or iconv -f UTF-16 -t UTF-8); every line of it is read in that encoding` }),
  'cr-line-endings': (name) => ({ hint: `save ${name} again with LF (or CRLF) line endings (your editor's line-ending setting, or tr '\\r' '\\n')` }),
};

/**
 * A manifest that cannot be read at all (the reader's {@link ManifestFileError}) as a lint
 * finding on the file, with the fix for its cause: a folder where the file should be, a file
 * saved as UTF-16 or with CR line endings, no permission. The fix is the file as a whole, never
 * a line of it or the PRE. A manifest gone since the folder was checked is a `missing-file`.
 */
export function unreadableManifestFinding(task: LoadedTask, error: ManifestFileError): LintFinding {
  if (error.trouble === 'missing') return missingTaskFileFinding(task, 'manifest');
  const config = basename(task.configFile);
  const elsewhere = task.config.files?.manifest !== undefined ? `, or fix files.manifest in ${config} if the manifest is elsewhere` : `, or set files.manifest in ${config} to your manifest's path`;
  return {
    ruleId: 'manifest-file',
    severity: 'error',
    message: `${error.reason}; no line of it was read, so task.input paths were not checked`,
    file: shownPath(task.paths.manifest),
    line: 1,
    column: 1,
    hint: manifestTroubles[error.trouble](basename(task.paths.manifest), elsewhere).hint,
  };
}

/**
 * Why a manifest that was read gives nothing at all, with the fix: no data object (empty, or
 * blank lines only), or no line that is UTF-8 (a file saved as Latin-1, whose lines would
 * otherwise each get a problem of their own). Undefined when some line is usable, or when the
 * file cannot be read (readManifest says why). `message` says what is wrong with the file; lint
 * makes its finding of it, deploy and job refuse such a manifest, each adding what it costs them.
 */
export type WholeManifestTrouble = { kind: 'empty' | 'not-utf8'; message: string; hint: string };

export function wholeManifestTrouble(task: LoadedTask): WholeManifestTrouble | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(task.paths.manifest);
  } catch {
    return undefined;
  }
  const notUtf8 = linesNotUtf8(bytes);
  // The numbers of the lines that hold something (a byte-order mark alone is nothing).
  const lines = bytesByLine(bytes).flatMap((line, i) => (line.toString('latin1').trim() !== '' && !isByteOrderMarkOnly(line) ? [i + 1] : []));
  if (lines.length === 0) {
    return {
      kind: 'empty',
      message: `has no data objects (it is empty${bytes.length > 0 ? ' but for blank lines' : ''})`,
      hint: `add one JSON object per line, e.g. {"source": "text to label"} or {"source-ref": "s3://bucket/key"} (gtkit init <new-folder> --type ${task.config.type} writes sample lines)`,
    };
  }
  if (lines.some((n) => !notUtf8.has(n))) return undefined;
  return { kind: 'not-utf8', message: 'is not UTF-8: no line of it is (a file saved as Latin-1 or another older encoding?)', hint: `save ${basename(task.paths.manifest)} again as UTF-8 (your editor's encoding setting, or iconv -f LATIN1 -t UTF-8 for a Latin-1 file)` };
}

/**
 * A manifest that was read but gives nothing to check ({@link wholeManifestTrouble}), as one
 * lint finding on the file. Undefined when some line is usable: the findings per line then say
 * which are not.
 */
export function wholeManifestFinding(task: LoadedTask): LintFinding | undefined {
  const trouble = wholeManifestTrouble(task);
  if (!trouble) return undefined;
  const place = { file: shownPath(task.paths.manifest), line: 1, column: 1 };
  if (trouble.kind === 'empty') {
    const streaming = task.config.streaming !== undefined;
    return {
      ruleId: 'manifest-file',
      // A streaming job takes its objects from SNS: the sample only feeds lint, run and preview.
      severity: streaming ? 'warning' : 'error',
      message: `${trouble.message}, so task.input paths were not checked${streaming ? '' : ', and a job made from it would label nothing'}`,
      ...place,
      hint: trouble.hint,
    };
  }
  return {
    ruleId: 'manifest-file',
    severity: 'error',
    message: `${trouble.message}, so task.input paths were not checked`,
    ...place,
    hint: trouble.hint,
  };
}

/**
 * The warning, at line 1, for a manifest that starts with a UTF-8 byte-order mark (readManifest
 * says whether it does). gtkit reads past the mark, but `gtkit deploy` uploads the file as it is,
 * and the reference (§8) says only "UTF-8 JSON Lines": whether Ground Truth reads line 1 with the
 * mark before its `{` is not documented.
 */
export function byteOrderMarkFinding(task: LoadedTask): LintFinding {
  const name = basename(task.paths.manifest);
  return {
    ruleId: 'manifest-file',
    severity: 'warning',
    message: "starts with a UTF-8 byte-order mark (BOM): gtkit reads past it, but gtkit deploy uploads it with the file, and whether Ground Truth reads line 1 with it is not documented",
    file: shownPath(task.paths.manifest),
    line: 1,
    column: 1,
    hint: `save ${name} as UTF-8 without a BOM (in your editor, "UTF-8" rather than "UTF-8 with BOM"), or remove it with sed -i '1s/^\\xEF\\xBB\\xBF//' ${name}`,
  };
}

/** The bytes of each line (split at LF; a CR before it stays, as blank space). */
function bytesByLine(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  for (let start = 0; start <= bytes.length; ) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    lines.push(bytes.subarray(start, stop));
    start = stop + 1;
  }
  return lines;
}

function isByteOrderMarkOnly(line: Buffer): boolean {
  return line.length >= 3 && line[0] === 0xef && line[1] === 0xbb && line[2] === 0xbf && line.subarray(3).toString('latin1').trim() === '';
}


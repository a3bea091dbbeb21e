import { getOwn } from '../../lambdas/contracts/own-property.ts';

/**
 * What a command's `--json` failure document holds besides `ok` and `error`, when the command
 * stopped before it had anything of its own to say (a wrong command line, a missing folder, a
 * Ctrl-C): the fields its README promises, empty, so that a script reading `j.findings.length`
 * or `j.problems` gets the same shape whatever failed.
 */
const emptyFieldsOf: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  // gtkit lint --json adds these "either way".
  lint: { findings: [], errors: 0, warnings: 0 },
  // gtkit run --json is {"ok": false, "error", "problems"} when it stops or fails.
  run: { problems: [] },
};

/** The `--json` document of a failure of `command` (undefined: no command was recognised), with what the command knows of it in `fields`. */
export function jsonFailure(command: string | undefined, error: string, fields: Readonly<Record<string, unknown>> = {}): string {
  const extra = command === undefined ? undefined : getOwn(emptyFieldsOf, command);
  return JSON.stringify({ ok: false, error, ...extra, ...fields }, null, 2);
}

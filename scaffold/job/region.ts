/**
 * The form of an AWS Region code: a partition or area prefix, an optional qualifier (`gov`,
 * `iso`, `isob`, `de` in `eusc-de-east-1`), a direction and a number. Only the form is checked:
 * the reference does not give a verified list of the Regions Ground Truth runs in, and new
 * Regions appear, so `us-east-9` passes here and is left to the service.
 */
const regionForm = /^[a-z]{2,4}(?:-[a-z]{2,5})?-(?:north|south|east|west|central|northeast|northwest|southeast|southwest)-[1-9][0-9]?$/;

const examples = 'us-east-1, eu-west-1, ap-southeast-3 or us-gov-west-1';

/**
 * What is wrong with `region` as an AWS Region code, and what to use instead (`"us-east-1"`, or
 * examples), or undefined when it has the form of one. An Availability Zone (`us-east-1a`) or
 * capitals get the Region they mean. Each caller says where to put it (the config, a flag).
 */
export function regionProblem(region: string): { message: string; use: string } | undefined {
  if (regionForm.test(region)) return undefined;
  const shown = JSON.stringify(region);
  const zone = /^(.+-[0-9]+)[a-z]$/.exec(region)?.[1];
  if (zone && regionForm.test(zone)) return { message: `${shown} is an Availability Zone, not a Region`, use: `"${zone}"` };
  const lower = region.toLowerCase();
  if (lower !== region && regionForm.test(lower)) return { message: `${shown} is not an AWS Region code: Region codes are lower case`, use: `"${lower}"` };
  return { message: `${shown} is not an AWS Region code`, use: `a Region code such as ${examples}` };
}

import { describe, expect, it } from 'vitest';
import { TaskConfigError } from '../../scaffold/cli/exit-codes.ts';
import { configFieldPlace } from '../../scaffold/config/config-field-place.ts';
import { taskConfigFindings } from '../../scaffold/config/config-findings.ts';
import { parseFieldPath } from '../../scaffold/config/field-path.ts';
import { requestFieldOrigin } from '../../scaffold/config/request-field-origins.ts';
import { scanSource } from '../../scaffold/config/source-scanner.ts';
import { validConfig } from './job/fixtures.ts';

/** The source with a `¦` marking where the field must be found; returns the source without it and the place of the mark. */
function marked(text: string): { source: string; line: number; column: number } {
  const at = text.indexOf('¦');
  if (at < 0 || text.indexOf('¦', at + 1) >= 0) throw new Error('mark the expected place with exactly one ¦');
  const before = text.slice(0, at).split(/\r\n?|\n/);
  return { source: text.slice(0, at) + text.slice(at + 1), line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function expectPlace(text: string, path: string): void {
  const { source, line, column } = marked(text);
  expect(configFieldPlace(source, path), path).toEqual({ line, column });
}

const start = { line: 1, column: 1 };

describe('configFieldPlace: the line and column of a config field', () => {
  it('follows nested objects, list items, quoted keys and shorthand properties', () => {
    const config = `import { defineTask } from 'gtkit/config';
export default defineTask({
  labels: ['a', 'b', {label: 'c'}],
  "lambdas": {
    pre: { functionName: 'p', memoryMb: 256 },
    'acs': {
      functionName: 'a',
      ¦memoryMb: 99999,
    },
  },
});
`;
    expectPlace(config, 'lambdas.acs.memoryMb');
    expectPlace(config.replace('¦', '').replace("['a', 'b', {label", "['a', 'b', ¦{label"), 'labels[2]');
    expectPlace(config.replace('¦', '').replace("{label: 'c'}", "{¦label: 'c'}"), 'labels[2].label');
    expectPlace(config.replace('¦', '').replace('"lambdas"', '¦"lambdas"'), 'lambdas');
    expectPlace(config.replace('¦', '').replace("'acs'", "¦'acs'"), 'lambdas.acs');
    expectPlace(`const labels = ['a'];\nexport default defineTask({ ¦labels, type: 'x' });\n`, 'labels[0]');
  });

  it('takes the same key name at the depth the path gives, not the first one met', () => {
    const config = `export default {
  memoryMb: 1,
  lambdas: {
    pre: { memoryMb: 2 },
    acs: { ¦memoryMb: 3 },
  },
  acs: { memoryMb: 4 },
};
`;
    expectPlace(config, 'lambdas.acs.memoryMb');
  });

  it('never takes a key inside a string, a template literal, a regular expression or a comment', () => {
    expectPlace(
      `// lambdas: { acs: { memoryMb: 0 } }
/* lambdas: { acs: { memoryMb: 0 } } */
const note = "lambdas: { acs: { memoryMb: 0 } }";
const t = \`lambdas: { acs: { \${ { memoryMb: 0 }.memoryMb } } }\`;
const r = /lambdas: \\{ acs: "{ memoryMb/g;
export default defineTask({
  description: 'a } brace and a " quote',
  title: \`\${'}'} and \${\`nested \${'{'}\`}\`,
  lambdas: { // memoryMb: 0
    acs: { /* memoryMb */ ¦memoryMb: 3 },
  },
});
`,
      'lambdas.acs.memoryMb',
    );
  });

  it('the last of a key written twice wins, as in JavaScript; string escapes are read', () => {
    expectPlace(`export default { type: 'a', "typ\\u0065": 'b', ¦'\\x74ype': 'c' };`, 'type');
  });

  it('a field whose value comes from elsewhere is placed at its nearest written ancestor', () => {
    // The value of pre is a variable: its memoryMb is not in this object literal.
    expectPlace(`const settings = { memoryMb: 1 };\nexport default defineTask({ lambdas: { ¦pre: settings, acs: {} } });\n`, 'lambdas.pre.memoryMb');
    // A spread after the key may replace it.
    expectPlace(`export default defineTask({ lambdas: { ¦pre: { memoryMb: 1, ...more } } });\n`, 'lambdas.pre.memoryMb');
    // A spread before it cannot.
    expectPlace(`export default defineTask({ lambdas: { pre: { ...more, ¦memoryMb: 1 } } });\n`, 'lambdas.pre.memoryMb');
    // A computed key after it may be the same key.
    expectPlace(`export default defineTask({ lambdas: { ¦pre: { memoryMb: 1, [name]: 2 } } });\n`, 'lambdas.pre.memoryMb');
    // A computed key that is a literal is that key.
    expectPlace(`export default defineTask({ lambdas: { pre: { memoryMb: 1, ¦['memoryMb']: 2 } } });\n`, 'lambdas.pre.memoryMb');
    // Items after a spread have unknown positions.
    expectPlace(`export default defineTask({ ¦labels: [...base, 'a', 'b'] });\n`, 'labels[1]');
    // A value that is more than a literal (a call on it) is not entered.
    expectPlace(`export default defineTask({ ¦labels: ['a', 'b'].concat(more) });\n`, 'labels[1]');
    // A field that is not written at all: the object that should hold it.
    expectPlace(`export default defineTask({ ¦lambdas: { acs: {} } });\n`, 'lambdas.pre');
    expectPlace(`export default defineTask(¦{ type: 'x' });\n`, 'task');
  });

  it('a hole in a list is placed at its comma; as const and satisfies are seen through', () => {
    expectPlace(`export default defineTask({ labels: [ ¦, 'a'] as const } satisfies TaskConfig);\n`, 'labels[0]');
    expectPlace(`export default ({ labels: (['x', ¦'a']) });\n`, 'labels[1]');
  });

  it('follows a config built in a const that nothing else touches', () => {
    expectPlace(`const config = {\n  task: { ¦title: 1 },\n}\nexport default defineTask(config)\n`, 'task.title');
    expectPlace(`const config: TaskConfig = defineTask({ ¦jobName: '' });\nexport default config;\n`, 'jobName');
    expectPlace(`import * as gtkit from 'gtkit/config';\nexport default gtkit.defineTask({ ¦jobName: '' });\n`, 'jobName');
    // Changed after it is declared: the literal may not be the value.
    expect(configFieldPlace(`const config = { jobName: 'a' };\nconfig.jobName = 'b';\nexport default defineTask(config);\n`, 'jobName')).toEqual(start);
    expect(configFieldPlace(`import config from './base.ts';\nexport default defineTask(config);\n`, 'jobName')).toEqual(start);
    expect(configFieldPlace(`let config = { jobName: 'a' };\nexport default defineTask(config);\n`, 'jobName')).toEqual(start);
  });

  it('never follows a call that may take a field from elsewhere: several arguments, or a call chained after it', () => {
    // The value checked is the second object's; the first object's field is the wrong place.
    expect(configFieldPlace(`const defaults = { consolidation: { algorithm: 'majority-vote' } };\nexport default merge(defaults, {\n  consolidation: { algorithm: 'nope' },\n});\n`, 'consolidation.algorithm')).toEqual(start);
    expect(configFieldPlace(`export default defineTask({ lambdas: { pre: { memoryMb: 256 } } }).withOverrides({ lambdas: { pre: { memoryMb: 99999 } } });\n`, 'lambdas.pre.memoryMb')).toEqual(start);
    expect(configFieldPlace(`const base = { lambdas: { pre: { memoryMb: 99999 } } };\nexport default Object.assign({}, base, { labels: ['a'] });\n`, 'lambdas.pre.memoryMb')).toEqual(start);
    // One argument, with a trailing comma or a type assertion, is still followed.
    expectPlace(`export default defineTask({ ¦jobName: '' },);\n`, 'jobName');
    expectPlace(`export default defineTask({ ¦jobName: '' }) satisfies TaskConfig;\n`, 'jobName');
  });

  it('does not follow a const that may be changed unseen: inside a template, or through an escaped name', () => {
    expect(configFieldPlace('const config = { lambdas: { pre: { memoryMb: 256 } } };\nconst note = `${(config.lambdas.pre.memoryMb = 99999)}`;\nexport default config;\n', 'lambdas.pre.memoryMb')).toEqual(start);
    expect(configFieldPlace('const config = { lambdas: { pre: { memoryMb: 256 } } };\n\\u0063onfig.lambdas.pre.memoryMb = 99999;\nexport default config;\n', 'lambdas.pre.memoryMb')).toEqual(start);
  });

  it('places an option whose name has a dot at that option, not at the option the dot splits off', () => {
    // checkOptions writes such a name quoted (options["quorum.min"]), so the path reads back.
    expectPlace(`export default {\n  consolidation: {\n    algorithm: 'majority-vote',\n    options: { quorum: 0.5, ¦'quorum.min': 2 },\n  },\n};\n`, 'consolidation.options["quorum.min"]');
  });

  it('stays linear in the number of line comments with LF line endings (each used to search the rest of the file for a CR)', () => {
    const source = `${'// a comment\n'.repeat(150_000)}export default { ¦jobName: '' };\n`;
    const started = performance.now();
    expectPlace(source, 'jobName');
    // 2 MB: about 0.05 s now, 5.9 s before.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a default export that is not an object is placed at the value', () => {
    expectPlace(`import { defineTask } from 'gtkit/config';\nexport default defineTask(¦42);\n`, 'default export');
    expectPlace(`export default ¦"x";\n`, 'default export');
    expect(configFieldPlace(`export const x = 1;\n`, 'default export')).toEqual(start);
  });

  it('counts lines the way editors do, whatever the line endings, and not a byte-order mark', () => {
    expectPlace('\uFEFFexport default {\r\n  a: 1,\r\n  ¦b: 2 };', 'b');
    expectPlace('export default {\r  a: 1,\r  ¦b: 2 };', 'b');
  });
});

describe('configFieldPlace on hostile sources: never throws, never a wrong place', () => {
  const fine = `export default defineTask({\n  lambdas: { pre: { memoryMb: 1 } },\n});\n`;

  it('an empty file, a file without a default export, a path that reads oddly', () => {
    expect(configFieldPlace('', 'lambdas.pre.memoryMb')).toEqual(start);
    expect(configFieldPlace('const x = { lambdas: { pre: { memoryMb: 1 } } };', 'lambdas.pre.memoryMb')).toEqual(start);
    expect(configFieldPlace(fine, '')).toEqual({ line: 1, column: 27 });
    expect(configFieldPlace(fine, 'lambdas..pre')).toEqual({ line: 2, column: 3 });
    expect(configFieldPlace(fine, 'lambdas["pre').line).toBe(2);
    expect(configFieldPlace(fine, '[3].x')).toEqual({ line: 1, column: 27 });
  });

  it('source that is not valid TypeScript gives the start of the file', () => {
    for (const broken of [
      `export default defineTask({\n  lambdas: { pre: { memoryMb: 1 } },\n`,
      `export default defineTask({ lambdas: "unterminated\n });`,
      `export default defineTask({ lambdas: \`unterminated });`,
      `/* unterminated export default { lambdas: {} }`,
      `export default defineTask({ lambdas: ( }) ;`,
      `}}} export default { lambdas: {} }`,
      `export default { a: 1 };\nexport default { lambdas: { pre: {} } };`,
    ]) {
      expect(configFieldPlace(broken, 'lambdas.pre'), broken).toEqual(start);
    }
  });

  it('every prefix of a real config: no throw, and a place only on the key it names', () => {
    const config = `import { defineTask } from 'gtkit/config';
// A comment with lambdas: { pre: { memoryMb: 0 } } in it.
export default defineTask({
  type: "text-classification",
  labels: ["refund", 'delivery', \`other\`],
  lambdas: {
    pre: { functionName: "SageMaker-pre", memoryMb: 256 },
    acs: { functionName: "SageMaker-acs", memoryMb: 1024 },
  },
  consolidation: { algorithm: "dawid-skene", options: { iouThreshold: 0.5 } },
});
`;
    const keyAt = (source: string, place: { line: number; column: number }) => (source.split('\n')[place.line - 1] ?? '').slice(place.column - 1);
    for (let end = 0; end <= config.length; end++) {
      const source = config.slice(0, end);
      for (const path of ['lambdas.acs.memoryMb', 'consolidation.options.iouThreshold', 'labels[2]', 'type']) {
        const place = configFieldPlace(source, path);
        if (place.line === 1 && place.column === 1) continue;
        // Wherever it points, it is a key on the path or the config object itself.
        expect(keyAt(source, place), `${path} in the first ${end} characters`).toMatch(/^(\{|lambdas|acs|memoryMb|consolidation|options|iouThreshold|labels|`other`|type)/);
      }
    }
  });

  it('a 1 MB config and 100,000 nested brackets: found, and no stack overflow', () => {
    const labels = Array.from({ length: 90_000 }, (_, i) => `'label-${i}'`).join(', ');
    const big = `export default defineTask({\n  labels: [${labels}],\n  lambdas: { pre: { memoryMb: 1 } },\n});\n`;
    expect(big.length).toBeGreaterThan(1_000_000);
    expect(configFieldPlace(big, 'labels[89999]')).toEqual({ line: 2, column: (big.split('\n')[1]?.indexOf("'label-89999'") ?? 0) + 1 });
    expect(configFieldPlace(big, 'lambdas.pre.memoryMb')).toEqual({ line: 3, column: 21 });
    const deep = `export default defineTask({ a: ${'['.repeat(100_000)}${']'.repeat(100_000)} });`;
    expect(configFieldPlace(deep, 'a[0][0][0]')).toEqual({ line: 1, column: 35 });
    expect(configFieldPlace('{'.repeat(100_000), 'a')).toEqual(start);
  });

  it('random edits of a config (seeded): no throw, and a place only on a key of the path', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const config = `export default defineTask({ lambdas: { pre: { memoryMb: 1 }, acs: { memoryMb: 2 } }, note: "x: { memoryMb: 3 }" });`;
    const noise = ['{', '}', '[', ']', '"', "'", '`', '/', '*', '${', ',', ':', '...', '\n', '//', '/*', '*/', 'memoryMb', '(', ')'];
    for (let round = 0; round < 2_000; round++) {
      let source = config;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * source.length);
        source = source.slice(0, at) + (noise[Math.floor(random() * noise.length)] ?? '') + source.slice(at + Math.floor(random() * 2));
      }
      const place = configFieldPlace(source, 'lambdas.acs.memoryMb');
      if (place.line === 1 && place.column === 1) continue;
      const at = source.split('\n').slice(0, place.line - 1).reduce((n, l) => n + l.length + 1, 0) + place.column - 1;
      expect(source.slice(at), source).toMatch(/^(\{|lambdas|acs|memoryMb)/);
    }
  });
});

describe('the pieces: scanner, field paths, issue lists', () => {
  it('scanSource gives up on what it cannot follow', () => {
    expect(scanSource('a = "x')).toBeUndefined();
    expect(scanSource('a = `x${ {} `')).toBeUndefined();
    expect(scanSource('a = (]')).toBeUndefined();
    expect(scanSource('x = a / b / c; y = /re[/]x/g.test(z)')?.tokens.map((t) => t.kind)).toEqual(['name', 'punct', 'name', 'punct', 'name', 'punct', 'name', 'punct', 'name', 'punct', 'regex', 'punct', 'name', 'punct', 'name', 'punct']);
  });

  it('parseFieldPath reads names, positions and quoted keys, and stops where the path goes odd', () => {
    expect(parseFieldPath('consolidation.options.iouThreshold')).toEqual([{ key: 'consolidation' }, { key: 'options' }, { key: 'iouThreshold' }]);
    expect(parseFieldPath('labels[2].label')).toEqual([{ key: 'labels' }, { index: 2 }, { key: 'label' }]);
    expect(parseFieldPath('tags["cost. [centre]"]')).toEqual([{ key: 'tags' }, { key: 'cost. [centre]' }]);
    expect(parseFieldPath('["a b"].c')).toEqual([{ key: 'a b' }, { key: 'c' }]);
    expect(parseFieldPath('lambdas..pre')).toEqual([{ key: 'lambdas' }]);
    expect(parseFieldPath('tags["open')).toEqual([{ key: 'tags' }]);
    expect(parseFieldPath('')).toEqual([]);
  });

  it('requestFieldOrigin: the config field a request field is made from', () => {
    const config = validConfig({ tags: { project: 'gtkit', 'cost centre': 'aws:x' } });
    expect(requestFieldOrigin('LabelingJobName', config)).toBe('jobName');
    expect(requestFieldOrigin('HumanTaskConfig.TaskKeywords[1]', config)).toBe('task.keywords[1]');
    expect(requestFieldOrigin('InputConfig.DataAttributes.ContentClassifiers[0]', config)).toBe('workforce.contentClassifiers[0]');
    expect(requestFieldOrigin('Tags[1].Value', config)).toBe('tags["cost centre"]');
    expect(requestFieldOrigin('Tags[7].Key', config)).toBe('tags');
    expect(requestFieldOrigin('labels[2]', config)).toBe('labels[2]');
    expect(requestFieldOrigin('region', config)).toBe('region');
    // An ARN the deploy state gave is not the config's lambdas.pre.arn.
    expect(requestFieldOrigin('HumanTaskConfig.PreHumanTaskLambdaArn', config)).toBe('lambdas.pre.arn');
    expect(requestFieldOrigin('HumanTaskConfig.PreHumanTaskLambdaArn', config, { pre: true })).toBe('lambdas.pre');
    expect(requestFieldOrigin('LabelingJobAlgorithmsConfig', config)).toBeUndefined();
  });

  it('taskConfigFindings: one finding per problem the check found, all of them (the message lists at most 20)', () => {
    const file = '/nowhere/gtkit.config.ts';
    const issues = Array.from({ length: 22 }, (_, i) => ({ path: `labels[${i}]`, problem: 'expected a non-empty string' }));
    const error = new TaskConfigError(`task config ${file} is not valid:\n  labels[0]: expected a non-empty string\n  … and 21 more`, file, 'check', [{ path: 'jobName', problem: 'is missing' }, ...issues]);
    const findings = taskConfigFindings(error);
    expect(findings).toHaveLength(23);
    expect(findings.slice(0, 2).map((f) => [f.message, f.line, f.column, f.hint])).toEqual([
      ['jobName: is missing', 1, 1, `fix jobName in ${file} (your editor checks it against defineTask)`],
      ['labels[0]: expected a non-empty string', 1, 1, `fix labels[0] in ${file} (your editor checks it against defineTask)`],
    ]);
    expect(findings[22]?.message).toBe('labels[21]: expected a non-empty string');
  });
});

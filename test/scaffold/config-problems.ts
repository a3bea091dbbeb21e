import { validateTaskConfig } from '../../scaffold/config/validate-config.ts';

/** What validateTaskConfig says of a config, as `path: problem` lines (none for a valid one). */
export function problemsOf(config: unknown): string[] {
  try {
    validateTaskConfig(config, 'gtkit.config.ts');
    return [];
  } catch (error) {
    return (error as { issues: Array<{ path: string; problem: string }> }).issues.map((i) => `${i.path}: ${i.problem}`);
  }
}

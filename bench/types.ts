/** One table a benchmark prints. Cells are already formatted or plain numbers. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

/** What every benchmark module returns: printed as tables, saved as JSON. */
export interface BenchResult {
  name: string;
  tables: BenchTable[];
  /** Headline figures, flat and numeric, with units in the key (e.g. `ds_srel_seconds`). */
  metrics: Record<string, number>;
  /** Targets that were checked, so a reader sees pass/fail at a glance. */
  targets?: Array<{ what: string; target: string; measured: string; met: boolean }>;
}

export interface BenchModule {
  run(): Promise<BenchResult>;
}

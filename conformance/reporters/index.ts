// The reporters known by name to --reporter and run({ reporters }).
import { consoleReporter } from './console.js';
import { jsonReporter } from './json.js';
import type { ReporterFactory } from './reporter.js';

export type { Reporter, ReporterContext, ReporterFactory } from './reporter.js';

export const REPORTERS = {
  console: consoleReporter,
  json: jsonReporter,
} satisfies Record<string, ReporterFactory>;

export type ReporterName = keyof typeof REPORTERS;

export const REPORTER_NAMES = Object.keys(REPORTERS) as ReporterName[];

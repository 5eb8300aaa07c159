// The JSON Schemas of spec/ (scenario, target, expectations files), each read and compiled once per
// process, with every error kept (allErrors) and the failing data attached (verbose) for the messages.
// ajv is loaded with the first schema compiled, not at start (speed only: a run of the bundled suite
// with no target or expectations file compiles none).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { specFile } from './spec-files.js';

interface CompiledSchema {
  validate: ValidateFunction;
  /** The schema as read, for callers that name its parts. */
  schema: object;
}

const compiled = new Map<string, CompiledSchema>();

/** The compiled schema spec/<name>. */
export function compiledSchema(name: string): CompiledSchema {
  let entry = compiled.get(name);
  if (!entry) {
    const schema = JSON.parse(readFileSync(specFile(name), 'utf8')) as object;
    const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
    entry = { validate: new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema), schema };
    compiled.set(name, entry);
  }
  return entry;
}

// --schema-file: the schema a server's database really has, as the user dumped it (spec/SPEC.md 4.3),
// turned into the schema description a schema URL would serve, so BEARER-SCHEMA-1 judges both alike.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../model/exit-codes.js';
import { readUserFile } from '../suite/files.js';

/** The schema description format (spec/core-schema.schema.json). */
export interface SchemaDescription {
  tables: Record<string, { fields: string[] }>;
}

/**
 * Reads a dump: either a schema description (JSON, as a schema URL serves it) or one `table|column`
 * line per column, as the documented one-line commands print them (`|`, a tab or a comma between the
 * two; blank lines and lines starting with `#` are skipped).
 */
export function parseSchemaDump(text: string, file: string): SchemaDescription {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new UsageError(`--schema-file ${file} starts with '{' but is not JSON (${(err as Error).message}); give a schema description or table|column lines.`);
    }
    const tables = (json as { tables?: unknown }).tables;
    if (!tables || typeof tables !== 'object' || Array.isArray(tables)) {
      throw new UsageError(`--schema-file ${file} is JSON without a "tables" object; a schema description reads {"tables": {"<table>": {"fields": [...]}}}.`);
    }
    return json as SchemaDescription;
  }
  const tables: SchemaDescription['tables'] = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const parts = line.split(/\||\t|,/).map((p) => p.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      throw new UsageError(
        `--schema-file ${file}, line ${i + 1}: "${line.length > 80 ? `${line.slice(0, 77)}...` : line}" is not "table|column"; ` +
          'dump the schema with one of the commands in the README (section "Judging a real schema").',
      );
    }
    const [table, column] = parts as [string, string];
    (tables[table] ??= { fields: [] }).fields.push(column);
  }
  if (Object.keys(tables).length === 0) {
    throw new UsageError(`--schema-file ${file} lists no table; dump the schema of the database the server uses (README, "Judging a real schema").`);
  }
  return { tables };
}

/** Reads and parses the file now, so a missing or malformed dump stops the run before any request. */
export async function readSchemaFile(path: string): Promise<SchemaDescription> {
  const text = await readUserFile(path, 'schema dump', 'Give --schema-file the path of a schema dump (README, "Judging a real schema").');
  return parseSchemaDump(text, path);
}

/** The absolute path of the dump, as the target keeps it. */
export function schemaFilePath(path: string, base = process.cwd()): string {
  return resolve(base, path);
}

/** The URL scenarios read the dump from: ${target.schema_file}. */
export function schemaFileUrl(path: string): string {
  return pathToFileURL(path).href;
}

/** `table|column` lines, the format the documented dump commands print. */
export function schemaDumpText(description: SchemaDescription): string {
  return Object.entries(description.tables).flatMap(([table, { fields }]) => fields.map((f) => `${table}|${f}\n`)).join('');
}

/**
 * Writes what a schema URL serves as a dump file: how the embedded run and the mutant matrix give the
 * reference (and each mutant) a --schema-file of its own, so the file path is judged on every run.
 */
export async function dumpSchemaUrl(url: string, file: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`Could not dump the schema served at ${url}: it answered ${res.status}.`);
  await writeFile(file, schemaDumpText((await res.json()) as SchemaDescription));
}

// Generates conformance/model/schema-types.ts from spec/scenario.schema.json, so the runner's boundary types
// cannot drift from the published format. `npm run gen:types` writes the file; a test compares.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { specFile, packageFile } from '../../conformance/suite/spec-files.js';

export const SCHEMA_FILE = specFile('scenario.schema.json');
export const TYPES_FILE = packageFile('conformance/model/schema-types.ts');

const BANNER = `// Generated from spec/scenario.schema.json by scripts/codegen/gen-types.ts (npm run gen:types).
// Do not edit: change the schema and regenerate; test/model/schema-types.test.ts checks it.`;

/** The text schema-types.ts must hold for the schema as it is now on disk. */
export async function generateTypes(): Promise<string> {
  const schema = JSON.parse(await readFile(SCHEMA_FILE, 'utf8'));
  return compile(schema, 'ScenarioFile', {
    bannerComment: BANNER,
    additionalProperties: false,
    style: { singleQuote: true },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(TYPES_FILE, await generateTypes());
  console.log(`wrote ${TYPES_FILE}`);
}

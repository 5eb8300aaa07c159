// Speed only: the YAML library (CommonJS, some tens of milliseconds to load) is loaded on first use
// rather than at start, so a run of the bundled suite, whose files come from the build's snapshot
// (snapshot.ts), never loads it. Its types are imported as usual; only the code waits.
import { createRequire } from 'node:module';

let library: typeof import('yaml') | undefined;

export function yamlLibrary(): typeof import('yaml') {
  return (library ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

// Where scenario files are: the bundled suite, and the .yaml files of a path given to --scenarios.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packageFile } from './spec-files.js';
import { UsageError } from '../model/exit-codes.js';

/** The bundled scenarios, found from the package, not from the working directory. */
export function bundledScenarios(): string {
  return packageFile('conformance/scenarios');
}

/** The .yaml/.yml files of a path: the file itself, or those directly in a directory, by name (as load.ts reads them). */
export async function scenarioFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new UsageError(`There is no scenario file or directory at ${path}; check the path given to --scenarios.`);
  if (info.isFile()) return [path];
  const files = (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(path, name));
  if (files.length === 0) throw new UsageError(`The directory ${path} holds no scenario files (*.yaml); point --scenarios at a directory of scenarios or at a file.`);
  return files;
}

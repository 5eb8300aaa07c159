// Where scenario files are: the bundled suite, and the .yaml files of a path given to --scenarios;
// and reading a file a user named, with a sentence that says what to do when it cannot be read.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packageFile } from './spec-files.js';
import { UsageError } from '../model/exit-codes.js';

/** The bundled scenarios, found from the package, not from the working directory. */
export function bundledScenarios(): string {
  return packageFile('conformance/scenarios');
}

/** The .yaml/.yml files of a path: the file itself, or those directly in a directory, sorted by name. */
export async function yamlFiles(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  return (await readdir(path)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(path, name));
}

/**
 * yamlFiles of a path given to --scenarios; a path that does not exist is a UsageError, and so is a
 * directory without scenario files, unless `allowEmpty` (lint reports what is missing instead).
 */
export async function scenarioFiles(path: string, { allowEmpty = false } = {}): Promise<string[]> {
  const files = await yamlFiles(path).catch(() => undefined);
  if (!files) throw new UsageError(`There is no scenario file or directory at ${path}; check the path given to --scenarios.`);
  if (files.length === 0 && !allowEmpty) throw new UsageError(`The directory ${path} holds no scenario files (*.yaml); point --scenarios at a directory of scenarios or at a file.`);
  return files;
}

/**
 * The text of a file a user named; when it cannot be read, a UsageError saying which file (`what`),
 * why, and what to do (`advice`, a sentence).
 */
export async function readUserFile(file: string, what: string, advice: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UsageError(`Cannot read the ${what} ${file}: ${why}. ${advice}`);
  }
}

// The suite's name and version, as package.json gives them: what every report and --version name.
import { readFile } from 'node:fs/promises';
import { packageFile } from './spec-files.js';

export interface SuiteInfo {
  name: string;
  version: string;
}

export async function loadSuiteInfo(): Promise<SuiteInfo> {
  const pkg = JSON.parse(await readFile(packageFile('package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

// Locations of the spec files, resolved from this module so tests work from any working directory
// (compiled to dist/test/spec/, three levels below the repository root).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const specPath = (...parts: string[]): string => resolve(REPO_ROOT, 'spec', ...parts);

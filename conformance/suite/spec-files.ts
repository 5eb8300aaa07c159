// Where the package's published files (spec/, conformance/scenarios/) live, found from this module's
// own location so it works from the sources, from dist/ and from an installed package alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding package.json and spec/. */
function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'spec')))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the package root (a directory with package.json and spec/) above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return (root = dir);
}

export function packageFile(relative: string): string {
  return join(packageRoot(), relative);
}

export function specFile(name: string): string {
  return join(packageRoot(), 'spec', name);
}

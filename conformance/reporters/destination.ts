// Where a reporter writes: a file (checked for writability before any request, so a typo in a path
// exits 2 at once instead of after the run) or the stream for standard output.
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../model/exit-codes.js';

interface Destination {
  /** Throws UsageError when the file cannot be written. */
  check(): Promise<void>;
  write(text: string): Promise<void>;
}

/**
 * `file` when given, else `stdout`. `what` names the report in messages ("JSON report"), `flag` the
 * way to give another path ("--output" or "--reporter junit:<file>").
 */
export function destination(file: string | undefined, stdout: NodeJS.WritableStream, what: string, flag: string): Destination {
  const cannotWrite = (error: unknown) =>
    new UsageError(`Cannot write the ${what} to ${file} (${(error as Error).message}); give ${flag} a path in a writable directory.`);
  return {
    async check() {
      if (file === undefined) return;
      try {
        await mkdir(dirname(file), { recursive: true });
        await access(dirname(file), constants.W_OK);
      } catch (error) {
        throw cannotWrite(error);
      }
    },
    async write(text) {
      if (file === undefined) {
        await new Promise<void>((resolve, reject) => stdout.write(text, (e) => (e ? reject(e) : resolve())));
        return;
      }
      try {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, text, 'utf8');
      } catch (error) {
        throw cannotWrite(error);
      }
    },
  };
}

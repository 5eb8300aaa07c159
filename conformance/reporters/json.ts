// The JSON reporter: the report object as it is (spec/report.schema.json), to a file or stdout.
import { constants } from 'node:fs';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../exit-codes.js';
import type { Report } from '../report.js';
import type { ReporterContext, Reporter } from './reporter.js';

export function jsonReporter(context: ReporterContext): Reporter {
  const cannotWrite = (file: string, error: unknown) =>
    new UsageError(`Cannot write the JSON report to ${file} (${(error as Error).message}); give --output a path in a writable directory.`);
  return {
    async start() {
      if (context.output === undefined) return;
      const file = context.output;
      try {
        await mkdir(dirname(file), { recursive: true });
        await access(dirname(file), constants.W_OK);
      } catch (error) {
        throw cannotWrite(file, error);
      }
    },
    async finish(report: Report) {
      const text = `${JSON.stringify(report, null, 2)}\n`;
      if (context.output === undefined) {
        await new Promise<void>((resolve, reject) => context.stdout.write(text, (e) => (e ? reject(e) : resolve())));
        return;
      }
      try {
        await mkdir(dirname(context.output), { recursive: true });
        await writeFile(context.output, text, 'utf8');
      } catch (error) {
        throw cannotWrite(context.output, error);
      }
    },
  };
}

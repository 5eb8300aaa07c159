// The JSON reporter: the report object as it is (spec/report.schema.json), to a file or stdout.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Report } from '../report.js';
import type { ReporterContext, Reporter } from './reporter.js';

export function jsonReporter(context: ReporterContext): Reporter {
  return {
    async finish(report: Report) {
      const text = `${JSON.stringify(report, null, 2)}\n`;
      if (context.output === undefined) {
        await new Promise<void>((resolve, reject) => context.stdout.write(text, (e) => (e ? reject(e) : resolve())));
        return;
      }
      await mkdir(dirname(context.output), { recursive: true });
      await writeFile(context.output, text, 'utf8');
    },
  };
}

// The JSON reporter: the report object as it is (spec/report.schema.json), to a file or stdout.
import type { Report, UnreachableReport } from '../report.js';
import { destination } from './destination.js';
import type { ReporterContext, Reporter } from './reporter.js';

export function jsonReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'JSON report', context.outputFlag ?? '--output');
  return {
    start: () => out.check(),
    finish: (report: Report) => out.write(`${JSON.stringify(report, null, 2)}\n`),
    unreachable: (report: UnreachableReport) => out.write(`${JSON.stringify(report, null, 2)}\n`),
  };
}

// The JSON reporter: the report object as it is (spec/report.schema.json), to a file or stdout.
import { destination } from './destination.js';
import type { Report, UnreachableReport } from '../model/report.js';
import type { ReporterContext, Reporter } from '../model/reporter.js';

export function jsonReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'JSON report', context.outputFlag ?? '--output');
  return {
    start: () => out.check(),
    finish: (report: Report) => out.write(`${JSON.stringify(report, null, 2)}\n`),
    unreachable: (report: UnreachableReport) => out.write(`${JSON.stringify(report, null, 2)}\n`),
  };
}

// The exit code a finished run ends with.
import { ExitCode, type ExitCodeValue } from '../model/exit-codes.js';
import type { Report } from '../model/report.js';

/**
 * The exit code of a run: 1 when its deadline or an interruption cut it (a run that did not finish
 * shows neither conformance nor a match with expectations); with --update-expectations 0 (the file was written);
 * with --expectations 0 exactly when the results match them; otherwise the verdict's.
 */
export function exitCodeFor(report: Report): ExitCodeValue {
  if (report.selection?.deadline || report.selection?.interrupted) return ExitCode.NonConforming;
  if (report.expectations?.updated) return ExitCode.Conforming;
  if (report.expectations) return report.expectations.ok ? ExitCode.Conforming : ExitCode.NonConforming;
  return report.summary.verdict === 'conforming' ? ExitCode.Conforming : ExitCode.NonConforming;
}

// Progress while the suite runs, for people watching a terminal: one line on stderr, rewritten as
// each scenario finishes, and erased before the report is printed. Never used off a TTY, so CI logs
// stay free of it.
import type { Report } from '../model/report.js';
import type { Reporter, ProgressStream } from '../model/reporter.js';
import type { ScenarioResult } from '../model/result.js';

/** Redraws at most this often; the last state is always drawn before finishing. */
const REDRAW_MS = 50;

export function progressReporter(stream: ProgressStream, now: () => number = () => performance.now()): Reporter {
  const counts = { pass: 0, fail: 0, skip: 0, error: 0 };
  let done = 0;
  let last = '';
  let drawnAt = -Infinity;
  let drawn = false;
  const draw = () => {
    const width = Math.max(20, (stream.columns || 80) - 1);
    const line = `Running: ${done} done, ${counts.pass} passed, ${counts.fail} failed, ${counts.skip} skipped, ${counts.error} errors  ${last}`;
    stream.write(`\r\u001b[K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
    drawnAt = now();
    drawn = true;
  };
  return {
    onResult(r: ScenarioResult) {
      done++;
      counts[r.status]++;
      last = `${r.target}/${r.id}`;
      if (now() - drawnAt >= REDRAW_MS) draw();
    },
    async finish(_report: Report) {
      if (drawn) stream.write('\r\u001b[K');
    },
    async unreachable() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}

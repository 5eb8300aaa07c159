// --list as text: per target, what would run, then what the target cannot serve, then what the
// filters left out, and the selection.
import type { ListedScenario, ListReport } from '../plan/list.js';

export function renderList(list: ListReport): string {
  const out: string[] = [];
  for (const t of list.targets) {
    const running = t.scenarios.filter((s) => s.run);
    const where = t.url ?? 'embedded reference, started with the run';
    out.push(`Target ${t.name} (${where}; require_signature ${t.requireSignature}): ${running.length} of ${t.scenarios.length} scenarios would run.`);
    const idWidth = Math.max(0, ...t.scenarios.map((s) => s.id.length));
    // What runs, then what the target cannot serve, then what the filters left out.
    const rank = (s: ListedScenario) => (s.run ? 0 : s.reason?.startsWith('not selected') ? 2 : 1);
    for (const s of [...t.scenarios].sort((a, b) => rank(a) - rank(b))) {
      const expected = s.expected ? `  [expected ${s.expected.join(' or ')}]` : '';
      if (s.run) out.push(`  run   ${s.id.padEnd(idWidth)}  ${s.title}${expected}`);
      else out.push(`  skip  ${s.id.padEnd(idWidth)}  ${s.reason}`);
    }
    out.push('');
  }
  const sel = list.selection;
  out.push(
    sel.complete
      ? `Selection: all ${sel.total} scenarios.`
      : `Selection: ${sel.selected} of ${sel.total} scenarios; requirement verdicts of such a run cover these alone.`,
  );
  return `${out.join('\n')}\n`;
}

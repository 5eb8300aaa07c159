// `bearer-conformance diff old.json new.json`: what a change to a server (or to the suite) did to
// its results. Not a reporter of a run but a reader of two reports, so it sits with the reporters
// whose labels and escaping it shares. Compares two JSON reports requirement by requirement and scenario by scenario, per
// target, and sorts each change: worse (now failing, and it was not), better (was failing, and is
// no longer), or another change (say PASS → SKIP). The exit code says whether anything got worse.
import { readUserFile } from '../suite/files.js';
import { ExitCode, UsageError, type ExitCodeValue } from '../model/exit-codes.js';
import { REPORT_FORMAT, type Report, type ResultReport, type UnreachableReport } from '../model/report.js';
import { cut, printable } from '../report/diagnostics.js';
import { codeSpan, escapeMarkdown } from './markdown.js';
import { cellLabel, LABEL_WORDS, type Label } from './verdict-label.js';

export type Kind = 'worse' | 'better' | 'changed' | 'added' | 'removed';

export type AnyReport = Report | UnreachableReport;

export interface RequirementChange {
  id: string;
  target: string;
  before: Label | null;
  after: Label | null;
  kind: Kind;
}

export interface ScenarioChange {
  id: string;
  target: string;
  before: ResultReport['status'] | null;
  after: ResultReport['status'] | null;
  kind: Kind;
  /** Why it fails or errs now (its first failure or its reason). */
  why?: string;
}

export interface ReportComparison {
  before: { file: string; generated_at: string; suite: string; spec_version: string; verdict: string };
  after: { file: string; generated_at: string; suite: string; spec_version: string; verdict: string };
  verdict: Kind | 'same';
  /** Targets paired by name, or the only target of each report whatever its name. */
  targets: { before: string; after: string }[];
  /** Targets of one report only (their results are not compared). */
  unpaired: { before: string[]; after: string[] };
  requirements: RequirementChange[];
  scenarios: ScenarioChange[];
  worse: number;
  better: number;
}

/** Reads a JSON report; throws UsageError saying what is wrong with the file. */
export async function readReport(file: string): Promise<AnyReport> {
  const text = await readUserFile(file, 'report', 'Give the path of a file written with --reporter json:<file>.');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON (${(error as Error).message}); give a report written with --reporter json:<file>.`);
  }
  const r = data as Partial<Report & UnreachableReport> | null;
  if (!r || typeof r !== 'object' || typeof r.report_format !== 'string' || !r.summary) {
    throw new UsageError(`${file} is not a bearer-conformance JSON report (it has no report_format and summary); write one with --reporter json:<file>.`);
  }
  const major = (v: string) => v.split('.')[0];
  if (major(r.report_format) !== major(REPORT_FORMAT)) {
    throw new UsageError(`${file} has report format ${r.report_format}, which this version (format ${REPORT_FORMAT}) cannot read; compare reports written by the same major version.`);
  }
  if (!('unreachable' in r) && (!Array.isArray(r.results) || !Array.isArray(r.requirements) || !Array.isArray(r.targets))) {
    throw new UsageError(`${file} lacks results, requirements or targets; give a whole report written with --reporter json:<file>.`);
  }
  return r as unknown as AnyReport;
}

const REQUIREMENT_RANK: Record<Label, number> = { fail: 0, warn: 1, inconclusive: 2, skip: 2, 'not-run': 2, pass: 3 };
const STATUS_RANK: Record<ResultReport['status'], number> = { fail: 0, error: 1, skip: 2, pass: 3 };
const VERDICT_RANK: Record<string, number> = { 'non-conforming': 0, unreachable: 0, inconclusive: 1, conforming: 2 };
/** Ranks at or below this are failing ones: a change into them is worse, out of them better. */
const FAILING = 1;

function kindOf(before: number | null, after: number | null): Kind | undefined {
  if (before === after) return undefined;
  if (before === null) return 'added';
  if (after === null) return 'removed';
  if (after < before && after <= FAILING) return 'worse';
  if (after > before && before <= FAILING) return 'better';
  return 'changed';
}

const isUnreachable = (r: AnyReport): r is UnreachableReport => 'unreachable' in r;

export function compareReports(before: AnyReport, after: AnyReport, files: { before: string; after: string } = { before: 'before', after: 'after' }): ReportComparison {
  const describe = (r: AnyReport, file: string) => ({ file, generated_at: r.generated_at, suite: `${r.suite.name} ${r.suite.version}`, spec_version: r.spec_version, verdict: r.summary.verdict });
  const names = (r: AnyReport) => r.targets.map((t) => t.name);
  const [b, a] = [names(before), names(after)];
  // Targets given by URL are named after host and port, which change from run to run: a report
  // with one target pairs with a report with one target whatever their names.
  const targets = b.length === 1 && a.length === 1 ? [{ before: b[0]!, after: a[0]! }] : b.filter((n) => a.includes(n)).map((n) => ({ before: n, after: n }));
  const unpaired = { before: b.filter((n) => !targets.some((t) => t.before === n)), after: a.filter((n) => !targets.some((t) => t.after === n)) };

  const requirements: RequirementChange[] = [];
  const scenarios: ScenarioChange[] = [];
  if (!isUnreachable(before) && !isUnreachable(after)) {
    const ids = [...new Set([...after.requirements.map((r) => r.id), ...before.requirements.map((r) => r.id)])];
    for (const pair of targets) {
      for (const id of ids) {
        const rb = before.requirements.find((r) => r.id === id);
        const ra = after.requirements.find((r) => r.id === id);
        const lb = rb ? cellLabel(rb, pair.before, before) : null;
        const la = ra ? cellLabel(ra, pair.after, after) : null;
        const kind = kindOf(lb === null ? null : REQUIREMENT_RANK[lb], la === null ? null : REQUIREMENT_RANK[la]) ?? (lb !== la ? 'changed' : undefined);
        if (kind) requirements.push({ id, target: pair.after, before: lb, after: la, kind });
      }
      const of = (r: Report, target: string) => new Map(r.results.filter((x) => x.target === target).map((x) => [x.id, x]));
      const [sb, sa] = [of(before, pair.before), of(after, pair.after)];
      for (const id of [...new Set([...sa.keys(), ...sb.keys()])]) {
        const [xb, xa] = [sb.get(id), sa.get(id)];
        const kind = kindOf(xb ? STATUS_RANK[xb.status] : null, xa ? STATUS_RANK[xa.status] : null) ?? (xb?.status !== xa?.status ? 'changed' : undefined);
        if (!kind) continue;
        const change: ScenarioChange = { id, target: pair.after, before: xb?.status ?? null, after: xa?.status ?? null, kind };
        const why = xa && (xa.status === 'fail' || xa.status === 'error') ? (xa.failures?.[0]?.message ?? xa.reason ?? xa.error?.message) : undefined;
        if (why !== undefined) change.why = why;
        scenarios.push(change);
      }
    }
  }
  const verdict = kindOf(VERDICT_RANK[before.summary.verdict] ?? 1, VERDICT_RANK[after.summary.verdict] ?? 1) ?? (before.summary.verdict !== after.summary.verdict ? 'changed' : 'same');
  const all = [...requirements, ...scenarios];
  return {
    before: describe(before, files.before),
    after: describe(after, files.after),
    verdict,
    targets,
    unpaired,
    requirements,
    scenarios,
    worse: all.filter((c) => c.kind === 'worse').length + (verdict === 'worse' ? 1 : 0),
    better: all.filter((c) => c.kind === 'better').length + (verdict === 'better' ? 1 : 0),
  };
}

/** The exit code of `diff`: 0 when nothing got worse, 1 when something did (2, a file that is no report, comes from UsageError). */
export function diffExitCode(c: ReportComparison): ExitCodeValue {
  return c.worse > 0 ? ExitCode.NonConforming : ExitCode.Conforming;
}

const ORDER: Kind[] = ['worse', 'better', 'changed', 'added', 'removed'];
const byKind = <T extends { kind: Kind }>(list: T[]) => [...list].sort((x, y) => ORDER.indexOf(x.kind) - ORDER.indexOf(y.kind));
const word = (l: Label | null) => (l === null ? '(absent)' : LABEL_WORDS[l]);
const status = (s: string | null) => (s === null ? '(absent)' : s);

/** The comparison as plain text for the console. */
export function renderComparisonText(c: ReportComparison): string {
  const out: string[] = [];
  out.push(`Before: ${c.before.file} (${c.before.suite}, spec ${c.before.spec_version}, ${c.before.generated_at}): ${c.before.verdict.toUpperCase()}`);
  out.push(`After:  ${c.after.file} (${c.after.suite}, spec ${c.after.spec_version}, ${c.after.generated_at}): ${c.after.verdict.toUpperCase()}`);
  out.push(`Verdict: ${c.verdict === 'same' ? `unchanged (${c.after.verdict.toUpperCase()})` : `${c.before.verdict.toUpperCase()} → ${c.after.verdict.toUpperCase()} (${c.verdict})`}`);
  const renamed = c.targets.filter((t) => t.before !== t.after);
  for (const t of renamed) out.push(`Target ${printable(t.before)} is compared with ${printable(t.after)}.`);
  if (c.unpaired.before.length) out.push(`Only before (not compared): ${c.unpaired.before.map(printable).join(', ')}.`);
  if (c.unpaired.after.length) out.push(`Only after (not compared): ${c.unpaired.after.map(printable).join(', ')}.`);
  const many = c.targets.length > 1;
  if (c.requirements.length) {
    out.push('', `Requirements whose result changed (${c.requirements.length}):`);
    const width = Math.max(...c.requirements.map((r) => r.id.length));
    for (const r of byKind(c.requirements)) out.push(`  ${r.kind.padEnd(8)} ${r.id.padEnd(width)}${many ? ` [${printable(r.target)}]` : ''}  ${word(r.before)} → ${word(r.after)}`);
  }
  if (c.scenarios.length) {
    out.push('', `Scenarios whose result changed (${c.scenarios.length}):`);
    const width = Math.max(...c.scenarios.map((s) => s.id.length));
    for (const s of byKind(c.scenarios)) {
      out.push(`  ${s.kind.padEnd(8)} ${printable(s.id).padEnd(width)}${many ? ` [${printable(s.target)}]` : ''}  ${status(s.before)} → ${status(s.after)}${s.why ? `: ${printable(cut(s.why, 200))}` : ''}`);
    }
  }
  out.push('');
  if (c.requirements.length === 0 && c.scenarios.length === 0) out.push('No requirement or scenario changed its result.');
  const others = c.requirements.length + c.scenarios.length - c.worse - c.better + (c.verdict === 'worse' || c.verdict === 'better' ? 1 : 0);
  out.push(`${c.worse} worse, ${c.better} better, ${others} other change${others === 1 ? '' : 's'}.${c.worse ? ' Exit code 1: something got worse.' : ''}`);
  return `${out.join('\n')}\n`;
}

/** The comparison as Markdown, for a pull-request comment or a job summary. */
export function renderComparisonMarkdown(c: ReportComparison): string {
  const mark: Record<Kind, string> = { worse: '🔴 worse', better: '🟢 better', changed: '⚪ changed', added: '➕ added', removed: '➖ removed' };
  const out: string[] = [];
  out.push(`## ${c.worse ? '🔴' : '🟢'} ${c.worse} worse, ${c.better} better: ${c.before.verdict.toUpperCase()} → ${c.after.verdict.toUpperCase()}`, '');
  out.push(`Before: ${codeSpan(c.before.file)} (${escapeMarkdown(c.before.suite)}, ${escapeMarkdown(c.before.generated_at)}). After: ${codeSpan(c.after.file)} (${escapeMarkdown(c.after.suite)}, ${escapeMarkdown(c.after.generated_at)}).`);
  const many = c.targets.length > 1;
  if (c.requirements.length) {
    out.push('', '| Change | Requirement |' + (many ? ' Target |' : '') + ' Before | After |', '|---|---|' + (many ? '---|' : '') + '---|---|');
    for (const r of byKind(c.requirements)) out.push(`| ${mark[r.kind]} | ${escapeMarkdown(r.id)} |${many ? ` ${escapeMarkdown(r.target)} |` : ''} ${word(r.before)} | ${word(r.after)} |`);
  }
  if (c.scenarios.length) {
    out.push('', '| Change | Scenario |' + (many ? ' Target |' : '') + ' Before | After | Why |', '|---|---|' + (many ? '---|' : '') + '---|---|---|');
    for (const s of byKind(c.scenarios)) {
      out.push(`| ${mark[s.kind]} | ${escapeMarkdown(s.id)} |${many ? ` ${escapeMarkdown(s.target)} |` : ''} ${status(s.before)} | ${status(s.after)} | ${s.why ? escapeMarkdown(cut(s.why, 200)) : ''} |`);
    }
  }
  if (c.requirements.length === 0 && c.scenarios.length === 0) out.push('', 'No requirement or scenario changed its result.');
  return `${out.join('\n')}\n`;
}

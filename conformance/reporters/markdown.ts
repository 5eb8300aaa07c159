// The Markdown reporter, for CI job summaries and pull-request comments
// (`--reporter markdown:$GITHUB_STEP_SUMMARY`): the verdict and counts, the requirement × target
// matrix as a table, one line per failing requirement with the command that reruns its first
// failing scenario, then the first failure of each in a collapsed block. GitHub renders Markdown
// with HTML and mentions, so everything a target sent is escaped (no tag, link, image or @mention
// can come through), and the text stays within GitHub's limit for a step summary (1 MiB), cut at
// a line with a note saying so.
import type { FailureReport, MatrixRow, Report, UnreachableReport } from '../model/report.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { cut, printable } from '../report/diagnostics.js';
import { destination } from './destination.js';
import { cellLabel, distinctFirst, failingResults, LABEL_WORDS, rerunFailing, rowLabel, type Label } from './verdict-label.js';

/** GitHub's limit for the summary of one job step. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;
/** Characters of a message or value shown on a line. */
const MAX_LINE_VALUE = 300;
/** Characters of an expected, actual or exchange block. */
const MAX_BLOCK = 3000;

export function markdownReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'Markdown report', context.outputFlag ?? '--reporter markdown:<file>');
  return {
    start: () => out.check(),
    finish: (report: Report) => out.write(renderMarkdown(report)),
    unreachable: (report: UnreachableReport) => out.write(renderMarkdownUnreachable(report)),
  };
}

const MARKS: Record<Label, string> = { pass: '✅', fail: '❌', warn: '⚠️', skip: '⏭️', inconclusive: '❔', 'not-run': '➖' };
const VERDICT_MARKS: Record<string, string> = { conforming: '✅', 'non-conforming': '❌', inconclusive: '❔' };

/**
 * Text for Markdown inline content and table cells: on one line, control characters as \xNN,
 * every character Markdown or GitHub gives a meaning to backslash-escaped (so `<img>`, `[x](y)`,
 * `@user`, `#1`, `$x$` and `|` stay text), and `&` as an entity.
 */
export function escapeMarkdown(text: string): string {
  return printable(text.replace(/\r\n|\r|\n/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_{}[\]()<>#.!|@~$:^]/g, (c) => `\\${c}`);
}

/** A code span holding `text` as it is (on one line), whatever backticks it contains. */
export function codeSpan(text: string): string {
  const oneLine = printable(text.replace(/\r\n|\r|\n/g, ' '));
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

/** A fenced code block holding `text` as it is, whatever fences it contains. */
function codeBlock(text: string, info = ''): string[] {
  const body = printable(text).replace(/\r\n|\r/g, '\n');
  const longest = Math.max(0, ...[...body.matchAll(/`{3,}|~{3,}/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...body.split('\n'), fence];
}

/** HTML text (the summary of a <details> block is HTML, not Markdown). */
function htmlText(text: string): string {
  return printable(text.replace(/\r\n|\r|\n/g, ' ')).replace(/[&<>"'@#]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface MarkdownOptions {
  /** Bytes (UTF-8) the text may take; default GitHub's step-summary limit. */
  maxBytes?: number;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const maxBytes = options.maxBytes ?? STEP_SUMMARY_LIMIT;
  const s = report.summary;
  const targets = report.targets.map((t) => t.name);
  const distinct = new Set(report.results.map((r) => r.id)).size;
  const warned = s.warnings.length;

  const head: string[] = [
    `## ${VERDICT_MARKS[s.verdict] ?? '❔'} ${s.verdict.toUpperCase()}: ${escapeMarkdown(`${report.suite.name} ${report.suite.version}`)} (spec ${escapeMarkdown(report.spec_version)})`,
    '',
    escapeMarkdown(s.explanation),
    '',
    `**Requirements** ${s.requirements.total}: ${s.requirements.pass} pass, ${s.requirements.fail - warned} fail${warned ? `, ${warned} warn` : ''}, ${s.requirements.skip} skipped, ${s.requirements.inconclusive} inconclusive. ` +
      `**Scenarios** ${distinct}${distinct === s.scenarios.total ? '' : ` (${s.scenarios.total} runs)`} on ${s.targets} target${s.targets === 1 ? '' : 's'}: ${s.scenarios.pass} passed, ${s.scenarios.fail} failed, ${s.scenarios.skip} skipped, ${s.scenarios.error} errors.`,
    '',
    ...report.targets.map((t) => `- Target **${escapeMarkdown(t.name)}**: ${codeSpan(t.url)} (require\\_signature ${t.require_signature}, ${t.secret_given ? 'secret given' : 'no secret'})`),
  ];
  if (report.tokens_redacted) head.push('', 'Session tokens and signed values appear as `<redacted:…>` labels (`--redact-tokens`).');
  if (report.selection && !report.selection.complete) head.push('', `Only ${report.selection.selected} of ${report.selection.total} scenarios were selected; the verdicts cover those alone.`);

  const failingRows = report.requirements.filter((r) => ['fail', 'warn'].includes(rowLabel(r, report)));
  const failing: string[] = failingRows.length ? ['', '### Failing requirements', ''] : [];
  for (const row of failingRows) failing.push(failingLine(row, report));
  const reruns = rerunFailing(report, failingRows.map((r) => r.id));
  if (reruns.length) failing.push('', 'Rerun the scenarios of the failing requirements:', '', ...codeBlock(reruns.join('\n'), 'sh'));

  const matrix: string[] = ['', '### Requirements × targets', '', `| Requirement | Level | ${targets.map(escapeMarkdown).join(' | ')} |`, `|---|---|${targets.map(() => '---|').join('')}`];
  const titles = new Map(report.sections.map((x) => [x.id, x.title]));
  let section: string | undefined;
  for (const row of report.requirements) {
    if (row.section !== section) {
      section = row.section;
      matrix.push(`| **${escapeMarkdown(titles.get(section) ?? section)}** | |${targets.map(() => ' |').join('')}`);
    }
    const cells = targets.map((t) => {
      const label = cellLabel(row, t, report);
      return `${MARKS[label]} ${LABEL_WORDS[label]}`;
    });
    matrix.push(`| ${escapeMarkdown(row.id)} ${escapeMarkdown(row.title)} | ${row.level} | ${cells.join(' | ')} |`);
  }

  const details: string[] = failingRows.length ? ['', '### First failure of each failing requirement', ''] : [];
  for (const row of failingRows) details.push(...failureDetails(row, report), '');

  const footer = ['', `<sub>${escapeMarkdown(`${report.suite.name} ${report.suite.version}`)}, report format ${escapeMarkdown(report.report_format)}, ${escapeMarkdown(report.generated_at)}. Every failure in full: \`--reporter html:report.html\` or \`--reporter json:report.json\`.</sub>`];

  return fit([...head, ...failing, ...matrix, ...details, ...footer], maxBytes);
}

/** The summary of a run that stopped because a target could not be reached. */
export function renderMarkdownUnreachable(report: UnreachableReport): string {
  const u = report.unreachable;
  return [
    `## ❔ UNREACHABLE: ${escapeMarkdown(`${report.suite.name} ${report.suite.version}`)} (spec ${escapeMarkdown(report.spec_version)})`,
    '',
    escapeMarkdown(u.reason),
    '',
    `Nothing about the target was judged: target **${escapeMarkdown(u.target)}** at ${codeSpan(u.url)}, ${u.kind === 'refused' ? 'connection refused' : 'no answer'} (${codeSpan(u.code)}).`,
    '',
  ].join('\n');
}

function failingLine(row: MatrixRow, report: Report): string {
  const label = rowLabel(row, report);
  const list = distinctFirst(failingResults(report, row.id));
  const first = list[0];
  const where = first
    ? `: ${codeSpan(first.result.id)}${report.targets.length > 1 ? ` on ${escapeMarkdown(first.result.target)}` : ''}, ${escapeMarkdown(stepName(first.failures[0]!))}: ${escapeMarkdown(cut(first.failures[0]!.message, MAX_LINE_VALUE))}`
    : '';
  const more = list.length > 1 ? ` (${list.length} failing scenario runs)` : '';
  const rerun = first?.result.rerun ? ` Rerun: ${codeSpan(first.result.rerun)}` : '';
  return `- ${MARKS[label]} **${escapeMarkdown(row.id)}** (${row.level}) ${escapeMarkdown(row.title)}${more}${where}.${rerun}`;
}

function stepName(f: FailureReport): string {
  return f.step < 0 ? `actor setup ("${f.step_name}")` : `step ${f.step + 1} "${f.step_name}"`;
}

function failureDetails(row: MatrixRow, report: Report): string[] {
  const first = distinctFirst(failingResults(report, row.id))[0];
  if (!first) return [];
  const f = first.failures[0]!;
  const lines = [
    `<details><summary>${htmlText(`${row.id} · ${first.result.id}${report.targets.length > 1 ? ` [${first.result.target}]` : ''}: ${cut(f.message, MAX_LINE_VALUE)}`)}</summary>`,
    '',
    `> ${escapeMarkdown(row.text ?? row.title)}`,
    '',
  ];
  if ('expected' in f) lines.push('Expected:', '', ...codeBlock(cut(show(f.expected), MAX_BLOCK)), '');
  if ('actual' in f) lines.push('Actual:', '', ...codeBlock(cut(show(f.actual), MAX_BLOCK)), '');
  const diff = (f.diff ?? []).filter((d) => d.path !== '');
  if (diff.length) {
    lines.push('| Path | Expected | Actual |', '|---|---|---|');
    for (const d of diff) lines.push(`| ${escapeMarkdown(d.path)} | ${escapeMarkdown(cut(show(d.expected), MAX_LINE_VALUE))} | ${d.kind === 'missing' ? '(missing)' : escapeMarkdown(cut(show(d.actual), MAX_LINE_VALUE))} |`);
    lines.push('');
  }
  if (f.curl) lines.push('Send the failing request again:', '', ...codeBlock(cut(f.curl, MAX_BLOCK), 'sh'), '');
  if (first.result.rerun) lines.push('Rerun the scenario:', '', ...codeBlock(first.result.rerun, 'sh'), '');
  lines.push('</details>');
  return lines;
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v, null, 2) ?? String(v));
}

/**
 * The lines joined, cut at a line boundary when longer than maxBytes, with a note saying how much
 * was left out. An open code fence or <details> block at the cut is closed first.
 */
function fit(lines: string[], maxBytes: number): string {
  const text = `${lines.join('\n')}\n`;
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const note = (left: number) => `\n_Cut to fit ${Math.floor(maxBytes / 1024)} KiB (GitHub's limit for a step summary): ${left} more lines are in the full report (\`--reporter html:report.html\` or \`json:report.json\`)._\n`;
  const reserve = Buffer.byteLength(note(lines.length)) + 64;
  const kept: string[] = [];
  let used = 0;
  let fence: string | undefined;
  let inDetails = false;
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1;
    if (used + size > maxBytes - reserve) break;
    kept.push(line);
    used += size;
    const m = /^(`{3,}|~{3,})/.exec(line);
    if (m) fence = fence === undefined ? m[1]!.replace(/[^`~]/g, '') : line.startsWith(fence) ? undefined : fence;
    else if (fence === undefined && line.startsWith('<details>')) inDetails = true;
    else if (fence === undefined && line === '</details>') inDetails = false;
  }
  if (fence !== undefined) kept.push(fence);
  if (inDetails) kept.push('', '</details>');
  return `${kept.join('\n')}\n${note(lines.length - kept.length)}`;
}

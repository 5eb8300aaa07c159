// The HTML reporter: one self-contained page (inline CSS and script, nothing fetched, opens from
// disk) with the verdict and counts on top, the requirement × target matrix coloured by verdict and
// grouped by spec section, then per failing requirement its text and each failure: expected and
// actual (with the JSON diff), the exchange, the curl line and the rerun command. Filters by verdict
// and section; readable on a phone and on paper. Everything a target sent is escaped, and a
// Content-Security-Policy that allows only this page's own style and script (by hash) stops anything
// that got through from running or loading.
import { createHash } from 'node:crypto';
import type { FailureReport, MatrixRow, Report, ResultReport, UnreachableReport } from '../model/report.js';
import type { Reporter, ReporterContext } from '../model/reporter.js';
import { cut, displayPath, exchangeLines, printable } from '../report/diagnostics.js';
import { destination } from './destination.js';
import { cellLabel, distinctFirst, failingResults, LABEL_WORDS, LABELS, rerunFailing, rowLabel, type FailingResult, type Label } from './verdict-label.js';

/** Failing results per requirement shown in full; the rest get one line each (the JSON report has them all). */
export const MAX_FULL_RESULTS = 10;
/** Of those, how many are open when the page loads. */
const OPEN_RESULTS = 3;
/** Characters of an expected or actual value shown. */
const MAX_VALUE_CHARS = 4000;
/** A curl command longer than this (a repeat(N) body, say) is left to the JSON report. */
const MAX_CURL_CHARS = 4000;

export function htmlReporter(context: ReporterContext): Reporter {
  const out = destination(context.output, context.stdout, 'HTML report', context.outputFlag ?? '--reporter html:<file>');
  return {
    start: () => out.check(),
    finish: (report: Report) => out.write(renderHtml(report)),
    unreachable: (report: UnreachableReport) => out.write(renderHtmlUnreachable(report)),
  };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML content and quoted attributes: shown as printable makes it, markup
 * characters as entities.
 */
export function escapeHtml(text: string): string {
  return printable(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

const h = escapeHtml;

/** Requirement texts mark code with backticks; shown as <code> after escaping. */
function prose(text: string): string {
  return h(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

const anchor = (prefix: string, id: string) => `${prefix}-${id.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

export function renderHtml(report: Report): string {
  const s = report.summary;
  const targets = report.targets.map((t) => t.name);
  const rowsBySection = groupBySection(report);
  const counts = new Map<Label, number>(LABELS.map((l) => [l, 0]));
  for (const row of report.requirements) counts.set(rowLabel(row, report), counts.get(rowLabel(row, report))! + 1);

  const body = [
    header(report),
    filters(report, counts),
    matrix(report, rowsBySection, targets),
    failuresSection(report, rowsBySection),
    notJudgedSection(report, rowsBySection),
    errorsSection(report),
    expectationsSection(report),
    footer(report),
  ].join('\n');
  return page(`${s.verdict.toUpperCase()}: ${report.suite.name} report for ${targets.join(', ')}`, body);
}

/** The page of a run that stopped because a target could not be reached: versions, targets and why. */
export function renderHtmlUnreachable(report: UnreachableReport): string {
  const u = report.unreachable;
  const body = `<header>
<p class="suite">${h(report.suite.name)} ${h(report.suite.version)} · spec ${h(report.spec_version)} · ${h(report.generated_at)} · ${formatMs(report.duration_ms)}</p>
<section id="summary" class="verdict v-unreachable">
<h1><span class="word" id="verdict">UNREACHABLE</span></h1>
<p id="explanation">${h(u.reason)}</p>
<p>Nothing about the target was judged: target <code>${h(u.target)}</code> at <code>${h(u.url)}</code>, ${u.kind === 'refused' ? 'connection refused' : 'no answer'} (<code>${h(u.code)}</code>)${u.timeout_ms !== undefined ? ` within ${u.timeout_ms} ms` : ''}.</p>
</section>
${targetList(report.targets)}
</header>
${footer(report)}`;
  return page(`UNREACHABLE: ${report.suite.name} report for ${report.targets.map((t) => t.name).join(', ')}`, body);
}

function footer(report: Report | UnreachableReport): string {
  return `<footer><p>Written by ${h(report.suite.name)} ${h(report.suite.version)} (report format ${h(report.report_format)}). This page is one file: it loads nothing and sends nothing. The JSON report (<code>--reporter json:&lt;file&gt;</code>) holds every failure in full.</p></footer>`;
}

/** The document around a body: the policy first, then the style, the body and the script. */
function page(title: string, body: string): string {
  const policy = [
    "default-src 'none'",
    `style-src '${sha256(STYLE)}'`,
    `script-src '${sha256(SCRIPT)}'`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${h(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

interface SectionRows {
  id: string;
  title: string;
  rows: MatrixRow[];
}

/** Requirements by spec section, in spec order; sections without a title in the report come last under their id. */
function groupBySection(report: Report): SectionRows[] {
  const groups = new Map<string, SectionRows>(report.sections.map((s) => [s.id, { id: s.id, title: s.title, rows: [] }]));
  for (const row of report.requirements) {
    if (!groups.has(row.section)) groups.set(row.section, { id: row.section, title: row.section, rows: [] });
    groups.get(row.section)!.rows.push(row);
  }
  return [...groups.values()].filter((g) => g.rows.length > 0);
}

function header(report: Report): string {
  const s = report.summary;
  const distinct = new Set(report.results.map((r) => r.id)).size;
  const notes: string[] = [];
  if (report.tokens_redacted) notes.push('Session tokens and signed values are shown as <code>&lt;redacted:…&gt;</code> labels (<code>--redact-tokens</code>).');
  notes.push('The target secret never appears in this report.');
  if (report.strict) notes.push('Strict run: failing SHOULD requirements make the target non-conforming.');
  const sel = report.selection;
  if (sel && !sel.complete) notes.push(`Only ${sel.selected} of ${sel.total} scenarios were selected; the verdicts cover those alone.`);
  const warned = s.warnings.length;
  const failing = report.requirements.filter((r) => ['fail', 'warn'].includes(rowLabel(r, report))).map((r) => r.id);
  const reruns = rerunFailing(report, failing);
  const rerun = reruns.length ? `<p class="label">Rerun the scenarios of the failing requirements</p><pre class="cmd rerun-all">${h(reruns.join('\n'))}</pre>` : '';
  return `<header>
<p class="suite">${h(report.suite.name)} ${h(report.suite.version)} · spec ${h(report.spec_version)} · ${h(report.generated_at)} · ${formatMs(report.duration_ms)}</p>
<section id="summary" class="verdict v-${h(s.verdict)}">
<h1><span class="word" id="verdict">${h(s.verdict.toUpperCase())}</span></h1>
<p id="explanation">${h(s.explanation)}</p>
<ul class="counts">
<li><strong>Requirements</strong> ${s.requirements.total}: ${s.requirements.pass} pass, ${s.requirements.fail - warned} fail${warned ? `, ${warned} warn` : ''}, ${s.requirements.skip} skipped, ${s.requirements.inconclusive} inconclusive</li>
<li><strong>Scenarios</strong> ${distinct}${distinct === s.scenarios.total ? '' : ` (${s.scenarios.total} runs)`} on ${s.targets} target${s.targets === 1 ? '' : 's'}: ${s.scenarios.pass} passed, ${s.scenarios.fail} failed, ${s.scenarios.skip} skipped, ${s.scenarios.error} errors</li>
</ul>
${rerun}
</section>
${targetList(report.targets)}
${notes.map((n) => `<p class="note">${n}</p>`).join('\n')}
</header>`;
}

function targetList(targets: Report['targets']): string {
  return `<ul class="targets" aria-label="Targets">${targets.map((t) => `<li><strong>${h(t.name)}</strong> <code>${h(t.url)}</code><br><span class="traits">${h(targetTraits(t))}</span></li>`).join('')}</ul>`;
}

function targetTraits(t: Report['targets'][number]): string {
  return [
    `require_signature ${t.require_signature}`,
    t.secret_given ? 'secret given' : 'no secret',
    `origin ${t.origin}`,
    t.schema_url ? `schema URL ${t.schema_url}` : 'no schema URL',
    t.exposed_headers.length ? `exposes ${t.exposed_headers.join(', ')}` : 'no exposed headers declared',
  ].join(' · ');
}

function filters(report: Report, counts: Map<Label, number>): string {
  const boxes = LABELS.filter((l) => counts.get(l)! > 0)
    .map((l) => `<label class="chip v-${l}"><input type="checkbox" name="verdict" value="${l}" checked> ${LABEL_WORDS[l]} <span class="n">${counts.get(l)}</span></label>`)
    .join('\n');
  const sections = report.sections.map((s) => `<option value="${h(s.id)}">${h(s.title)}</option>`).join('');
  // Hidden until the script runs: without it every row shows and the controls would do nothing.
  return `<form id="filters" hidden>
<fieldset><legend>Verdict</legend>
${boxes}
</fieldset>
<label class="section-pick">Section <select name="section"><option value="">All sections</option>${sections}</select></label>
<button type="reset">Show all</button>
<output id="shown" aria-live="polite"></output>
</form>`;
}

function matrix(report: Report, groups: SectionRows[], targets: string[]): string {
  const heads = targets.map((t) => `<th scope="col" class="target">${h(t)}</th>`).join('');
  const bodies = groups.map((g) => {
    const rows = g.rows.map((row) => {
      const label = rowLabel(row, report);
      const cells = targets.map((t) => matrixCell(row, t, report)).join('');
      return `<tr class="f" data-verdict="${label}" data-section="${h(g.id)}" id="${anchor('m', row.id)}"><th scope="row"><code class="rid">${h(row.id)}</code> <span class="level l-${h(row.level)}">${h(row.level)}</span><span class="title">${h(row.title)}</span></th>${cells}</tr>`;
    });
    return `<tbody data-section="${h(g.id)}"><tr class="section"><th colspan="${targets.length + 1}" scope="rowgroup">${h(g.title)}</th></tr>\n${rows.join('\n')}</tbody>`;
  });
  return `<section id="matrix-section"><h2>Requirements × targets</h2>
<div class="scroll"><table id="matrix">
<thead><tr><th scope="col">Requirement</th>${heads}</tr></thead>
${bodies.join('\n')}
</table></div>
</section>`;
}

function matrixCell(row: MatrixRow, target: string, report: Report): string {
  const label = cellLabel(row, target, report);
  const cell = row.targets[target];
  const n = cell ? new Set(label === 'pass' ? cell.scenarios.pass : label === 'fail' || label === 'warn' ? cell.scenarios.fail : []).size : 0;
  const count = n ? ` <span class="n">${n}</span>` : '';
  const why = cell && cell.reasons.length ? ` title="${h(cell.reasons.join('\n'))}"` : '';
  const href = label === 'fail' || label === 'warn' ? `#${anchor('req', row.id)}` : label === 'pass' ? '' : `#${anchor('nj', row.id)}`;
  const word = href ? `<a href="${href}">${LABEL_WORDS[label]}</a>` : LABEL_WORDS[label];
  return `<td class="v v-${label}" data-target="${h(target)}"${why}>${word}${count}</td>`;
}

function failuresSection(report: Report, groups: SectionRows[]): string {
  const articles: string[] = [];
  for (const g of groups) {
    for (const row of g.rows) {
      const label = rowLabel(row, report);
      if (label !== 'fail' && label !== 'warn') continue;
      articles.push(failingRequirement(row, label, g, report));
    }
  }
  if (articles.length === 0) return '<section id="failures"><h2>Failures</h2><p class="none">No requirement fails.</p></section>';
  return `<section id="failures"><h2>Failures</h2>\n${articles.join('\n')}\n</section>`;
}

function failingRequirement(row: MatrixRow, label: Label, g: SectionRows, report: Report): string {
  const list = distinctFirst(failingResults(report, row.id));
  const full = list.slice(0, MAX_FULL_RESULTS);
  const rest = list.slice(MAX_FULL_RESULTS);
  const blocks = full.map((x, i) => failingResultBlock(x, row, report, i < OPEN_RESULTS));
  const more = rest.length
    ? `<details class="more"><summary>${rest.length} more failing scenario${rest.length === 1 ? '' : 's'} (one line each; every detail is in the JSON report)</summary><ul>${rest
        .map((x) => `<li><code>${h(x.result.id)}</code>${targetTag(x.result, report)}: ${h(x.failures[0]!.message)}${x.result.rerun ? `<pre class="cmd">${h(x.result.rerun)}</pre>` : ''}</li>`)
        .join('')}</ul></details>`
    : '';
  return `<article class="f requirement" data-verdict="${label}" data-section="${h(g.id)}" id="${anchor('req', row.id)}">
<h3><span class="badge v-${label}">${LABEL_WORDS[label]}</span> <code>${h(row.id)}</code> <span class="level l-${h(row.level)}">${h(row.level)}</span> ${h(row.title)}</h3>
<blockquote class="text">${prose(row.text ?? row.title)}</blockquote>
<p class="meta">${g.title ? `${h(g.title)} · ` : ''}${list.length} failing scenario run${list.length === 1 ? '' : 's'}${row.profile ? ` · profile ${h(row.profile)}` : ''}</p>
${blocks.join('\n')}
${more}
</article>`;
}

function targetTag(r: ResultReport, report: Report): string {
  return report.targets.length > 1 ? ` <span class="tgt">[${h(r.target)}]</span>` : '';
}

function stepName(f: FailureReport): string {
  return f.step < 0 ? `actor setup (“${f.step_name}”)` : `step ${f.step + 1} “${f.step_name}”`;
}

function failingResultBlock({ result: r, failures }: FailingResult, row: MatrixRow, report: Report, open: boolean): string {
  const first = failures[0]!;
  const others = (r.failures ?? []).filter((f) => !failures.includes(f));
  const also = others.length
    ? `<p class="also">This scenario also broke: ${others.map((f) => `${f.requirements.map((id) => `<code>${h(id)}</code>`).join(', ')} at ${h(stepName(f))} (${h(f.message)})`).join('; ')}.</p>`
    : '';
  const unfinished = r.error ? `<p class="also">Then it could not finish: ${h(r.reason ?? r.error.message)}</p>` : '';
  const rerun = r.rerun ? `<p class="label">Rerun this scenario</p><pre class="cmd rerun">${h(r.rerun)}</pre>` : '';
  return `<details class="result"${open ? ' open' : ''} data-scenario="${h(r.id)}" data-target="${h(r.target)}">
<summary><code>${h(r.id)}</code>${targetTag(r, report)} · ${h(stepName(first))}: ${h(cut(first.message, 200))}</summary>
<p class="scenario-title">${h(r.title)} <span class="where">${h(displayPath(r.file))}:${r.line} · ${formatMs(r.duration_ms)}</span></p>
${failures.map((f) => failureBlock(f, row)).join('\n')}
${also}${unfinished}${rerun}
</details>`;
}

function failureBlock(f: FailureReport, row: MatrixRow): string {
  const others = f.requirements.filter((id) => id !== row.id);
  const parts: string[] = [`<div class="failure" data-check="${h(f.check)}">`];
  parts.push(`<p class="message">${h(f.message)}</p>`);
  parts.push(
    `<p class="where">${h(stepName(f))} · <code>${h(displayPath(f.file))}:${f.line}</code> · check <code>${h(f.check)}</code>${f.path ? ` at <code>${h(f.path)}</code>` : ''}${
      others.length ? ` · also breaks ${others.map((id) => `<code>${h(id)}</code>`).join(', ')}` : ''
    }</p>`,
  );
  if ('expected' in f || 'actual' in f) {
    parts.push(`<div class="ea">
<figure class="expected"><figcaption>Expected</figcaption><pre>${h(value(f.expected, 'expected' in f))}</pre></figure>
<figure class="actual"><figcaption>Actual</figcaption><pre>${h(value(f.actual, 'actual' in f))}</pre></figure>
</div>`);
  }
  const diff = (f.diff ?? []).filter((d) => d.path !== '');
  if (diff.length) {
    parts.push(`<table class="diff"><caption>JSON diff: where the actual value departs from the expected one</caption>
<thead><tr><th scope="col">Path</th><th scope="col">Expected</th><th scope="col">Actual</th></tr></thead>
<tbody>${diff
      .map(
        (d) =>
          `<tr class="d-${h(d.kind)}"><td><code>${h(d.path)}</code></td><td class="exp"><code>${h(d.kind === 'length' ? `${String(d.expected)} elements` : compact(d.expected))}</code></td><td class="act"><code>${h(
            d.kind === 'missing' ? '(missing)' : d.kind === 'length' ? `${String(d.actual)} elements` : compact(d.actual),
          )}</code></td></tr>`,
      )
      .join('')}</tbody></table>`);
  }
  if (f.exchange) {
    const lines = exchangeLines(f.exchange)
      .map((l) => `<span class="${l.startsWith('>') ? 'rq' : 'rs'}">${h(l)}</span>`)
      .join('\n');
    parts.push(`<details class="exchange"><summary>Exchange (${h(f.exchange.request.method)} ${h(cut(f.exchange.request.url, 120))} → ${f.exchange.response ? f.exchange.response.status : 'no response'})</summary><pre>${lines}</pre></details>`);
  }
  if (f.curl) {
    parts.push(
      f.curl.length > MAX_CURL_CHARS
        ? `<p class="label">curl</p><p>${f.curl.length} characters: see <code>curl</code> in the JSON report.</p>`
        : `<p class="label">Send the failing request again</p><pre class="cmd curl">${h(f.curl)}</pre>`,
    );
  }
  parts.push('</div>');
  return parts.join('\n');
}

/** A value as indented JSON (strings as they are), cut to a readable length. */
function value(v: unknown, present: boolean): string {
  if (!present || v === undefined) return '(nothing)';
  const text = typeof v === 'string' ? v : (JSON.stringify(v, null, 2) ?? String(v));
  return cut(text, MAX_VALUE_CHARS);
}

function compact(v: unknown): string {
  return cut(v === undefined ? '(nothing)' : (JSON.stringify(v) ?? String(v)), 400);
}

function notJudgedSection(report: Report, groups: SectionRows[]): string {
  const items: string[] = [];
  for (const g of groups) {
    for (const row of g.rows) {
      const label = rowLabel(row, report);
      if (label !== 'skip' && label !== 'inconclusive' && label !== 'not-run') continue;
      const reasons = label === 'not-run' ? ['no scenario of this run cites it'] : row.reasons;
      items.push(
        `<li class="f" data-verdict="${label}" data-section="${h(g.id)}" id="${anchor('nj', row.id)}"><span class="badge v-${label}">${LABEL_WORDS[label]}</span> <code>${h(row.id)}</code> ${h(row.title)}<ul>${reasons
          .map((r) => `<li>${h(r)}</li>`)
          .join('')}</ul></li>`,
      );
    }
  }
  if (items.length === 0) return '';
  return `<section id="not-judged"><h2>Not judged</h2><p>These requirements got no verdict: their scenarios were skipped, stopped on an earlier failure, or errored.</p><ul class="reasons">${items.join('\n')}</ul></section>`;
}

function errorsSection(report: Report): string {
  const errored = report.results.filter((r) => r.status === 'error');
  if (errored.length === 0) return '';
  return `<section id="errors"><h2>Scenarios that could not run</h2>
${errored
  .map((r) => {
    const e = r.error ?? r.failure;
    return `<details class="result" data-scenario="${h(r.id)}" data-target="${h(r.target)}"><summary><code>${h(r.id)}</code>${targetTag(r, report)}: ${h(r.reason ?? e?.message ?? 'error')}</summary>
<p class="scenario-title">${h(r.title)} <span class="where">${h(displayPath(r.file))}:${r.line}</span></p>
${e?.exchange ? `<details class="exchange"><summary>Exchange</summary><pre>${exchangeLines(e.exchange).map(h).join('\n')}</pre></details>` : ''}
${r.rerun ? `<p class="label">Rerun this scenario</p><pre class="cmd rerun">${h(r.rerun)}</pre>` : ''}
</details>`;
  })
  .join('\n')}
</section>`;
}

function expectationsSection(report: Report): string {
  const e = report.expectations;
  if (!e) return '';
  const list = (title: string, items: string[]) => (items.length ? `<h3>${title}</h3><ul>${items.join('')}</ul>` : '');
  return `<section id="expectations"><h2>Expectations: ${e.ok ? 'every result as expected' : 'unexpected results'}</h2>
<p><code>${h(displayPath(e.file))}</code>, ${e.entries} entr${e.entries === 1 ? 'y' : 'ies'}, ${e.matched.length} matched.</p>
${list('Unexpected', e.unexpected.map((u) => `<li><code>${h(u.id)}</code> [${h(u.target)}] ${h(u.kind)}: ${h(u.message)}</li>`))}
${list('Warnings', e.warnings.map((u) => `<li><code>${h(u.id)}</code> [${h(u.target)}] ${h(u.kind)}: ${h(u.message)}</li>`))}
${list('Unused entries', e.unused.map((u) => `<li><code>${h(u.scenario)}</code> (line ${u.line}): ${h(u.message)}</li>`))}
</section>`;
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

// The page's whole style: verdict colours with their words beside them (readable without colour
// and in black and white), a matrix that scrolls sideways on a phone, and print rules.
const STYLE = `
:root{--pass:#1a7f37;--pass-bg:#dafbe1;--fail:#b3261e;--fail-bg:#ffe3e0;--warn:#8a5a00;--warn-bg:#fff4c2;--skip:#57606a;--skip-bg:#eef0f2;--inc:#7a3db8;--inc-bg:#f3e8ff;--nr:#6e7781;--nr-bg:#f6f8fa;--line:#d0d7de;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0 auto;max-width:72rem;padding:1rem 1.25rem 3rem;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff}
code,pre{font-family:var(--mono);font-size:.86em}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:.5rem .65rem;margin:.25rem 0 .75rem}
h1{margin:.2rem 0;font-size:2rem;letter-spacing:.02em}
h2{margin:2rem 0 .6rem;font-size:1.35rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1.05rem;margin:.25rem 0 .5rem}
.suite{color:#57606a;margin:0 0 .5rem}
.verdict{border-radius:10px;padding:.8rem 1rem;border:2px solid}
.verdict.v-conforming{background:var(--pass-bg);border-color:var(--pass)}
.verdict.v-non-conforming{background:var(--fail-bg);border-color:var(--fail)}
.verdict.v-inconclusive,.verdict.v-unreachable{background:var(--warn-bg);border-color:var(--warn)}
.verdict.v-conforming .word{color:var(--pass)}.verdict.v-non-conforming .word{color:var(--fail)}.verdict.v-inconclusive .word,.verdict.v-unreachable .word{color:var(--warn)}
.counts{margin:.4rem 0 0;padding-left:1.1rem}
.note{color:#57606a;margin:.3rem 0}
table{border-collapse:collapse}
.targets{margin:.8rem 0;padding-left:1.1rem;overflow-wrap:anywhere}
.traits{color:#57606a;font-size:.9em}
[id]{scroll-margin-top:5.5rem}
#filters{position:sticky;top:0;z-index:1;background:#fff;border-bottom:1px solid var(--line);padding:.5rem 0;margin-top:1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
#filters fieldset{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.35rem}
#filters legend{float:left;margin-right:.4rem;font-weight:600}
.chip{border:1px solid var(--line);border-radius:999px;padding:.1rem .55rem;cursor:pointer;white-space:nowrap}
.chip .n,.v .n{font-size:.8em;opacity:.8}
#shown{color:#57606a;font-size:.9em}
.scroll{overflow-x:auto}
#matrix{width:100%;font-size:.92em}
#matrix th,#matrix td{border:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
#matrix thead th{background:#f6f8fa;position:sticky;top:0}
#matrix tr.section th{background:#f6f8fa;font-size:.95em;padding-top:.6rem}
#matrix .title{display:block;font-weight:400;color:#1f2328}
#matrix td.v{font-weight:700;white-space:nowrap;min-width:6.5rem}
.rid{font-weight:700}
.level{font-size:.72em;font-weight:700;border:1px solid currentColor;border-radius:4px;padding:0 .25rem;margin-left:.25rem;vertical-align:middle}
.l-MUST{color:var(--fail)}.l-SHOULD{color:var(--warn)}.l-MAY{color:var(--skip)}
.v-pass{background:var(--pass-bg);color:var(--pass)}
.v-fail{background:var(--fail-bg);color:var(--fail)}
.v-warn{background:var(--warn-bg);color:var(--warn)}
.v-skip{background:var(--skip-bg);color:var(--skip)}
.v-inconclusive{background:var(--inc-bg);color:var(--inc)}
.v-not-run{background:var(--nr-bg);color:var(--nr);font-style:italic}
td.v a{color:inherit}
.badge{font-size:.75em;font-weight:700;border-radius:4px;padding:.05rem .35rem;border:1px solid currentColor}
.requirement{border:1px solid var(--line);border-left:5px solid var(--fail);border-radius:8px;padding:.6rem .9rem;margin:1rem 0}
.requirement[data-verdict=warn]{border-left-color:var(--warn)}
blockquote.text{margin:.3rem 0 .5rem;padding:.3rem .7rem;border-left:3px solid var(--line);color:#333}
.meta{color:#57606a;font-size:.9em;margin:.2rem 0 .6rem}
details.result{border-top:1px solid var(--line);padding:.4rem 0}
details.result>summary{cursor:pointer;font-weight:600;overflow-wrap:anywhere}
.scenario-title{margin:.3rem 0;color:#333}
.where{color:#57606a;font-size:.88em;overflow-wrap:anywhere}
.failure{margin:.4rem 0 .6rem .2rem;padding-left:.6rem;border-left:2px solid var(--fail-bg)}
.message{font-weight:600;margin:.2rem 0;overflow-wrap:anywhere}
.ea{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}
.ea figure{margin:0;min-width:0}
.ea figcaption,.label{font-size:.8em;font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:#57606a;margin:.3rem 0 0}
.expected pre{border-color:var(--pass)}.actual pre{border-color:var(--fail)}
table.diff{font-size:.88em;margin:.3rem 0 .6rem;width:100%}
table.diff caption{text-align:left;font-size:.8em;font-weight:700;color:#57606a}
table.diff th,table.diff td{border:1px solid var(--line);padding:.2rem .4rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.diff td.exp{background:var(--pass-bg)}table.diff td.act{background:var(--fail-bg)}
details.exchange>summary{cursor:pointer;color:#0550ae;overflow-wrap:anywhere}
.exchange .rq{color:#0550ae}.exchange .rs{color:#1f2328}
pre.cmd{user-select:all;background:#1f2328;color:#f6f8fa;border-color:#1f2328}
.also{font-size:.9em;color:#57606a;overflow-wrap:anywhere}
details.more>summary{cursor:pointer;color:#0550ae}
.reasons{padding-left:1rem}.reasons>li{margin:.35rem 0}
footer{margin-top:2.5rem;color:#57606a;font-size:.85em;border-top:1px solid var(--line);padding-top:.5rem}
@media (max-width:700px){
body{padding:.6rem .6rem 2rem;font-size:14px}
h1{font-size:1.5rem}
.ea{grid-template-columns:1fr}
#matrix td.v{min-width:0}
#filters{position:static}
}
@media print{
body{max-width:none;padding:0;font-size:10pt}
#filters{display:none!important}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
#matrix thead th{position:static}
.requirement,details.result{break-inside:avoid-page}
tr{break-inside:avoid}
pre.cmd{background:#f6f8fa;color:#1f2328;border-color:var(--line)}
a{color:inherit;text-decoration:none}
}
`;

// Filters (verdict and section) and opening every collapsed block for printing. Plain ES5-level
// script with no data of the report in it, so nothing a target sent ever sits inside <script>.
const SCRIPT = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  var items = document.querySelectorAll('.f');
  var shown = document.getElementById('shown');
  function apply() {
    var on = {};
    form.querySelectorAll('input[name=verdict]').forEach(function (i) { on[i.value] = i.checked; });
    var section = form.elements.section.value;
    var total = 0, visible = 0;
    items.forEach(function (el) {
      var show = !!on[el.getAttribute('data-verdict')] && (section === '' || el.getAttribute('data-section') === section);
      el.hidden = !show;
      if (el.tagName === 'TR') { total++; if (show) visible++; }
    });
    document.querySelectorAll('#matrix tbody').forEach(function (tb) { tb.hidden = !tb.querySelector('tr.f:not([hidden])'); });
    ['failures', 'not-judged'].forEach(function (id) {
      var s = document.getElementById(id);
      if (s && s.querySelector('.f')) s.hidden = !s.querySelector('.f:not([hidden])');
    });
    shown.textContent = visible + ' of ' + total + ' requirements shown';
  }
  form.hidden = false;
  form.addEventListener('change', apply);
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  apply();
  var opened = [];
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('details:not([open])').forEach(function (d) { if (!d.closest('[hidden]')) { d.open = true; opened.push(d); } });
  });
  window.addEventListener('afterprint', function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
})();
`;

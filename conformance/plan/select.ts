// Which scenarios a run includes: --grep, --tag, --requirement, --level and --shard. Filters of
// different kinds combine with AND; repeated --tag or --requirement values with OR. Each scenario
// left out gets the reason, for --list and for the report, whose verdicts then cover the selection only.
import { formatShard, parseShard, shardNumbers, type Shard } from './shard.js';
import { UsageError } from '../model/exit-codes.js';
import type { SelectionOptions } from '../model/options.js';
import type { SelectionReport } from '../model/report.js';
import type { Level, Requirement } from '../model/requirements.js';
import type { LoadedScenario } from '../suite/load.js';
import { judgedRequirements } from '../suite/cited.js';

export const LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;

/** The selection options, checked: what can be checked before the suite is loaded. */
interface SelectionFilters {
  grep?: RegExp;
  tags?: string[];
  requirements?: string[];
  level?: Level;
  shard?: Shard;
}

export interface Selection {
  selected: LoadedScenario[];
  /** Scenario id -> why it was left out. */
  excluded: Map<string, string>;
  report: SelectionReport;
}

/** Checks the options; throws UsageError with a sentence saying what to write instead. */
export function checkSelection(options: SelectionOptions): SelectionFilters {
  const filters: SelectionFilters = {};
  if (options.grep !== undefined) {
    try {
      filters.grep = new RegExp(options.grep);
    } catch (error) {
      throw new UsageError(`--grep "${options.grep}" is not a regular expression (${(error as Error).message}); escape special characters, for example --grep 'prec\\.cookie'.`);
    }
  }
  if (options.tags?.length) {
    for (const tag of options.tags) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(tag)) throw new UsageError(`--tag "${tag}" is not a tag; tags are lowercase words joined by '-', such as --tag precedence.`);
    }
    filters.tags = [...new Set(options.tags)];
  }
  if (options.requirements?.length) {
    filters.requirements = [...new Set(options.requirements.map((r) => r.trim().toUpperCase().replace(/-$/, '')))];
  }
  if (options.level !== undefined) {
    const level = options.level.toUpperCase();
    if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level takes MUST, SHOULD or MAY, but got "${options.level}".`);
    filters.level = level as Level;
  }
  if (options.shard !== undefined) filters.shard = parseShard(options.shard);
  return filters;
}

function matchesRequirement(id: string, wanted: string): boolean {
  return id === wanted || id.startsWith(`${wanted}-`);
}

export function selectScenarios(scenarios: LoadedScenario[], registry: Requirement[], filters: SelectionFilters): Selection {
  for (const wanted of filters.requirements ?? []) {
    if (!registry.some((r) => matchesRequirement(r.id, wanted))) {
      throw new UsageError(`--requirement ${wanted} matches no requirement of spec/requirements.yaml; give an ID such as BEARER-PREC-1 or a prefix such as BEARER-PREC.`);
    }
  }
  const levelOf = new Map(registry.map((r) => [r.id, r.level]));
  const excluded = new Map<string, string>();
  const why = (s: LoadedScenario): string | undefined => {
    const f = filters;
    if (f.grep && !f.grep.test(s.id) && !f.grep.test(s.title)) return `not selected: neither its id nor its title matches --grep ${f.grep.source}`;
    if (f.tags && !f.tags.some((t) => s.tags?.includes(t))) return `not selected: it has none of the tags ${f.tags.join(', ')} (--tag)`;
    const judged = judgedRequirements(s);
    if (f.requirements && !judged.some((id) => f.requirements!.some((w) => matchesRequirement(id, w)))) {
      return `not selected: it judges none of ${f.requirements.join(', ')} (--requirement)`;
    }
    if (f.level && !judged.some((id) => levelOf.get(id) === f.level)) return `not selected: it judges no ${f.level} requirement (--level ${f.level})`;
    return undefined;
  };
  let selected = scenarios.filter((s) => {
    const reason = why(s);
    if (reason) excluded.set(s.id, reason);
    return reason === undefined;
  });
  if (selected.length === 0) {
    const flags = Object.keys(filters).filter((k) => k !== 'shard').map((k) => `--${k === 'tags' ? 'tag' : k === 'requirements' ? 'requirement' : k}`);
    throw new UsageError(`The selection (${flags.join(', ')}) leaves no scenario to run out of ${scenarios.length}; loosen it, and use --list to see the ids, titles and tags.`);
  }
  if (filters.shard) {
    const shard = filters.shard;
    if (shard.total > selected.length) {
      throw new UsageError(`--shard ${formatShard(shard)} splits ${selected.length} selected scenarios into ${shard.total} shards, so some would be empty; use at most ${selected.length} shards.`);
    }
    const numbers = shardNumbers(selected.map((s) => s.id), shard.total);
    selected = selected.filter((s) => {
      const n = numbers.get(s.id)!;
      if (n !== shard.index) excluded.set(s.id, `not selected: it is in shard ${n}/${shard.total} (--shard ${formatShard(shard)})`);
      return n === shard.index;
    });
  }

  const given = {
    ...(filters.grep ? { grep: filters.grep.source } : {}),
    ...(filters.tags ? { tags: filters.tags } : {}),
    ...(filters.requirements ? { requirements: filters.requirements } : {}),
    ...(filters.level ? { level: filters.level } : {}),
    ...(filters.shard ? { shard: formatShard(filters.shard) } : {}),
  };
  const complete = selected.length === scenarios.length;
  const report: SelectionReport = {
    filters: given,
    total: scenarios.length,
    selected: selected.length,
    complete,
    ...(complete
      ? {}
      : {
          note: `Only ${selected.length} of ${scenarios.length} scenarios were selected; requirement verdicts cover these alone, and a requirement that only unselected scenarios judge is reported as skipped.`,
        }),
  };
  return { selected, excluded, report };
}

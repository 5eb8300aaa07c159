// The command-line flags of the CI gate (selection, expectations, --list, --bail), merged into the
// flag table of args.ts, with their part of --help. Values are checked when the run starts
// (plan/plan.ts), so the API and the CLI give the same messages.
import type { GateOptions } from './model/options.js';

export const GATE_OPTIONS = {
  expectations: { type: 'string' },
  'update-expectations': { type: 'string' },
  grep: { type: 'string' },
  tag: { type: 'string', multiple: true },
  requirement: { type: 'string', multiple: true },
  level: { type: 'string' },
  shard: { type: 'string' },
  list: { type: 'boolean' },
  bail: { type: 'boolean' },
} as const;

export interface GateArgs extends Omit<GateOptions, 'strict'> {
  /** Print what would run, and why the rest would not; contact nothing. */
  list: boolean;
}

interface GateValues {
  expectations?: string;
  'update-expectations'?: string;
  grep?: string;
  tag?: string[];
  requirement?: string[];
  level?: string;
  shard?: string;
  list?: boolean;
  bail?: boolean;
}

export function gateArgs(values: GateValues): GateArgs {
  return {
    ...(values.expectations !== undefined ? { expectations: values.expectations } : {}),
    ...(values['update-expectations'] !== undefined ? { updateExpectations: values['update-expectations'] } : {}),
    ...(values.grep !== undefined ? { grep: values.grep } : {}),
    ...(values.tag !== undefined ? { tags: values.tag } : {}),
    ...(values.requirement !== undefined ? { requirements: values.requirement } : {}),
    ...(values.level !== undefined ? { level: values.level } : {}),
    ...(values.shard !== undefined ? { shard: values.shard } : {}),
    list: values.list ?? false,
    bail: values.bail ?? false,
  };
}

export const GATE_EXAMPLES: Record<string, string> = {
  '--expectations': '--expectations expectations.yaml',
  '--update-expectations': '--update-expectations expectations.yaml',
  '--grep': "--grep 'prec\\.'",
  '--tag': '--tag precedence',
  '--requirement': '--requirement BEARER-PREC',
  '--level': '--level MUST',
  '--shard': '--shard 1/4',
};

export const GATE_USAGE = `Select (filters of different kinds combine with AND; verdicts then cover the selection only):
  --grep <regex>             Scenarios whose id or title matches the regular expression.
  --tag <tag>                Scenarios with this tag (repeatable: any of them).
  --requirement <ID>         Scenarios judging this requirement, or any requirement with this
                             prefix, such as BEARER-PREC (repeatable: any of them).
  --level <MUST|SHOULD|MAY>  Scenarios judging at least one requirement of this level.
  --shard <i/n>              Run only the i-th of n disjoint shares of the selection (CI jobs).
  --list                     Print what would run on each target and why the rest would not;
                             contact nothing, exit 0.

CI gate:
  --expectations <file>      Expected results (spec/expectations.schema.json): exit 0 exactly when
                             every result matches them; an unexpected failure, an unexpected pass
                             or an entry that matches nothing exits 1.
  --update-expectations <file>
                             Write the expectations file from this run (reasons already written
                             are kept; new ones read "TODO: explain"), then exit 0.
  --bail                     Stop starting scenarios after the first unexpected failure; the rest
                             are reported as not run.
`;

// Which requirements a scenario is about: those it cites (its own and its steps'), and those it judges
// (the same without positive controls', whose requirements only show the setup works).

type Citing = { requirements: string[]; steps: readonly { requirements?: string[]; control?: boolean }[] };

/** A scenario's requirements plus its steps', in order of first mention. */
export function citedRequirements(s: Citing): string[] {
  return [...new Set([...s.requirements, ...s.steps.flatMap((st) => st.requirements ?? [])])];
}

/** What a scenario judges: its requirements and its steps', except positive controls'. */
export function judgedRequirements(s: Citing): string[] {
  return [...new Set([...s.requirements, ...s.steps.filter((st) => st.control !== true).flatMap((st) => st.requirements ?? [])])];
}


// spec/requirements.yaml as the runner holds it: the requirements a scenario cites and a verdict judges.

export type Level = 'MUST' | 'SHOULD' | 'MAY';

/** One entry of spec/requirements.yaml. */
export interface Requirement {
  id: string;
  level: Level;
  section: string;
  title: string;
  text: string;
  profile?: string;
  withdrawn?: boolean;
}

export interface Registry {
  specVersion: string;
  sections: { id: string; title: string }[];
  requirements: Requirement[];
}

// Token characters (INTERPRETING.md section 18.3, owner decision 14). Whether a server-issued signature
// contains `+` or `/` is chance, so a server that mishandles one of them would be judged by luck. The
// engine keeps every token whose special characters differ from what its scenario needs, and signs
// in again until it gets one that matches, within a bound.

/** The special characters of a signature, in this order: '', '+', '/' or '+/'. */
export type SpecialCharacters = '' | '+' | '/' | '+/';

/**
 * Sessions one need may take before the runner gives up on it. Each need comes up in about a quarter
 * of signatures, and a run meets a few hundred needs (every actor and every sign-in step): at 32 a
 * normal server lost one in a few dozen runs (seen in CI); at 100 the chance per need is below 1e-12.
 */
export const MAX_SESSIONS_PER_NEED = 100;

/**
 * Runs of one scenario, the first included, before the runner gives up restarting it (18.3). A restart
 * comes only when the server's sign-out did not end a given-up session cleanly, and an attempt is kept
 * when its sign-in steps all got the needed characters at once: for the two successful sign-ins of
 * the longest scenarios that is one attempt in about 16, so 200 attempts fail with a chance near 1e-6.
 */
export const MAX_ATTEMPTS_PER_SCENARIO = 200;

/** The skip reason once a scenario was restarted MAX_ATTEMPTS_PER_SCENARIO times (18.3). */
export function neverCleanReason(why: string, attempts = MAX_ATTEMPTS_PER_SCENARIO): string {
  return `never clean: in ${attempts} runs of this scenario a sign-in step always had to give a session up, and ${why}`;
}

/** The special characters of a signed value's signature (the part after its first `.`). */
export function specialCharacters(signed: string): SpecialCharacters {
  const dot = signed.indexOf('.');
  const signature = dot < 0 ? '' : signed.slice(dot + 1);
  return `${signature.includes('+') ? '+' : ''}${signature.includes('/') ? '/' : ''}` as SpecialCharacters;
}

/** A scenario's need from its `needs_token` (format 1.1); none means no special character at all. */
export function neededCharacters(needs: { signature_contains: string } | undefined): SpecialCharacters {
  const wanted = needs?.signature_contains ?? '';
  return `${wanted.includes('+') ? '+' : ''}${wanted.includes('/') ? '/' : ''}` as SpecialCharacters;
}

export function describeCharacters(set: SpecialCharacters): string {
  if (set === '') return 'no + and no /';
  if (set === '+/') return 'both + and /';
  return `${set} but not ${set === '+' ? '/' : '+'}`;
}

/** The skip reason once a need is given up. */
export function neverIssuedReason(set: SpecialCharacters, sessions = MAX_SESSIONS_PER_NEED): string {
  return `never issued: the target issued no signature with ${describeCharacters(set)} in ${sessions} sessions`;
}

/** The skip reason when no token with an accentable letter came (a scenario using `accent`, 18.3). */
export function neverAccentableReason(sessions = MAX_SESSIONS_PER_NEED): string {
  return `never issued: the target issued no token with a letter that has an accented Latin-1 form (a c e i n o u y) in ${sessions} sessions`;
}

/** Needs given up on one target: once given up, later scenarios with that need are skipped at once. */
export class TokenNeeds {
  private readonly givenUp = new Set<SpecialCharacters>();
  /** Needs given up, for the report. */
  readonly unmet: SpecialCharacters[] = [];

  isGivenUp(set: SpecialCharacters): boolean {
    return this.givenUp.has(set);
  }

  giveUp(set: SpecialCharacters): void {
    if (this.givenUp.has(set)) return;
    this.givenUp.add(set);
    this.unmet.push(set);
  }
}

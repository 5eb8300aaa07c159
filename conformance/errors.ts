// Errors that stop a whole run rather than one scenario.

/** The target refused the very first connection of a run: nothing can be judged. */
export class TargetUnreachableError extends Error {
  readonly url: string;
  readonly code: string;
  constructor(url: string, code: string) {
    super(
      `The target at ${url} cannot be reached (${code}). Check that the server is running and that ` +
        `--url names its base URL, including the base path such as /api/auth.`,
    );
    this.name = 'TargetUnreachableError';
    this.url = url;
    this.code = code;
  }
}

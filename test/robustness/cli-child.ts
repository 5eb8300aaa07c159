// Running the built conformance CLI as a child process, with a hard stop so a hanging run fails the
// test instead of hanging it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** dist/conformance/cli.js, found from this compiled file (dist/test/robustness/). */
export const CLI = fileURLToPath(new URL('../../conformance/cli.js', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** The run outlived `killAfterMs` and was killed. */
  killed: boolean;
}

export function runCli(args: string[], options: { killAfterMs: number }): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, options.killAfterMs);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started, killed });
    });
  });
}

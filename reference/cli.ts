#!/usr/bin/env node
// bearer-reference: starts the reference server, prints `listening <base URL>`, stops on SIGTERM/SIGINT.
import { parseArgs } from 'node:util';
import { createReferenceServer, OptionsError, type ReferenceOptions } from './index.js';

const USAGE = `Usage: bearer-reference [options]

Starts the bearer-conformance reference server and prints one line: listening <base URL>.

Options:
  --port N                 TCP port; 0 picks any free port (default 0)
  --host HOST              interface to bind (default 127.0.0.1)
  --secret S               HMAC secret for session tokens (default: random per run)
  --require-signature      accept only signed bearer tokens
  --trusted-origin URL     a trusted origin for CORS and the POST origin check; repeatable
                           (default http://localhost:3000)
  --expose-header NAME     an application-level Access-Control-Expose-Headers name; repeatable
  --no-bearer              run without the bearer plugin
  --session-expires-in S   session lifetime in seconds (default 604800)
  --session-update-age S   get-session extends sessions this many seconds old (default 86400)
  --max-sessions-per-user N
                           live sessions a user may hold; one more deletes the user's oldest
                           (default 100)
  --help                   print this help
`;

class UsageError extends Error {}

function parseCommandLine(argv: string[]): ReferenceOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        secret: { type: 'string' },
        'require-signature': { type: 'boolean' },
        'trusted-origin': { type: 'string', multiple: true },
        'expose-header': { type: 'string', multiple: true },
        'no-bearer': { type: 'boolean' },
        'session-expires-in': { type: 'string' },
        'session-update-age': { type: 'string' },
        'max-sessions-per-user': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  return {
    port: wholeNumber('--port', values.port),
    host: values.host,
    secret: values.secret,
    requireSignature: values['require-signature'] ?? false,
    trustedOrigins: values['trusted-origin'],
    exposeHeaders: values['expose-header'],
    bearer: !values['no-bearer'],
    sessionExpiresIn: wholeNumber('--session-expires-in', values['session-expires-in']),
    sessionUpdateAge: wholeNumber('--session-update-age', values['session-update-age']),
    maxSessionsPerUser: wholeNumber('--max-sessions-per-user', values['max-sessions-per-user']),
  };
}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const what = flag === '--port' ? 'a port number from 0 to 65535' : flag === '--max-sessions-per-user' ? 'a whole number' : 'a whole number of seconds';
  if (!/^\d+$/.test(text) || (flag === '--port' && Number(text) > 65535)) throw new UsageError(`${flag} takes ${what}; got ${JSON.stringify(text)}.`);
  return Number(text);
}

async function main(): Promise<number> {
  let options: ReferenceOptions | 'help';
  try {
    options = parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bearer-reference: ${error.message}\nRun bearer-reference --help to see the options.\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }

  let server;
  try {
    server = await createReferenceServer(options);
  } catch (error) {
    if (error instanceof OptionsError) {
      process.stderr.write(`bearer-reference: ${error.message}\nRun bearer-reference --help to see the options.\n`);
      return 2;
    }
    const { code, message } = error as NodeJS.ErrnoException;
    process.stderr.write(`bearer-reference: could not listen (${code ?? message}). Choose another --port or --host.\n`);
    return 1;
  }
  process.stdout.write(`listening ${server.url}\n`);

  const running = server;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      void running.close().then(resolve);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  return 0;
}

main().then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`bearer-reference: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

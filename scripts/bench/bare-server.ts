// The practical ceiling for the throughput benchmark: a bare node:http server that answers every
// request with the same JSON body and headers the reference sends for get-session, doing no work.
// Run as a child process: `node dist/scripts/bench/bare-server.js '<json body>'` prints
// `listening <base URL>` (the reference CLI's contract) and stops on SIGTERM.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = process.argv[2];
if (body === undefined) {
  process.stderr.write('bench-bare-server: give the JSON body to answer as the first argument.\n');
  process.exit(2);
}
const headers = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Length': String(Buffer.byteLength(body)),
};

const server = createServer((req, res) => {
  // Drain any request body, as the reference does, so keep-alive connections stay usable.
  req.resume();
  res.writeHead(200, headers);
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}/api/auth\n`);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
});

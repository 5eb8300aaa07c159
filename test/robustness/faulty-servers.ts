// Misbehaving servers on 127.0.0.1, port 0, for running the conformance CLI against: each stands for
// one way a real target can fail at the transport or HTTP level.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';

export interface FaultyServer {
  /** Base URL including /api/auth, as the CLI's --url takes it. */
  url: string;
  close(): Promise<void>;
}

export type Fault = 'hang' | 'reset' | 'garbage' | 'invalid-json' | 'server-error' | 'slow' | 'trickle';

/** Describes each fault in the words a report should use for it. */
export const FAULTS: Record<Fault, string> = {
  hang: 'accepts the connection and never answers',
  reset: 'starts a response, then resets the connection',
  garbage: 'answers bytes that are not HTTP',
  'invalid-json': 'answers 200 with a body that is not JSON',
  'server-error': 'answers 500 to everything',
  slow: 'answers only after 3 seconds',
  trickle: 'sends headers, then a body one byte at a time, forever',
};

export async function startFaultyServer(fault: Fault): Promise<FaultyServer> {
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const server: NetServer | HttpServer = make(fault, timers);
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined); // the client may reset too; nothing to do about it here
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/auth`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function make(fault: Fault, timers: Set<NodeJS.Timeout>): NetServer | HttpServer {
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  switch (fault) {
    case 'hang':
      return createNetServer(() => undefined);
    case 'reset':
      return createNetServer((socket) => {
        socket.once('data', () => {
          socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"token":"abc');
          later(20, () => socket.resetAndDestroy());
        });
      });
    case 'garbage':
      return createNetServer((socket) => {
        socket.once('data', () => socket.end(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x42, 0x13, 0x37, 0x0d, 0x0a, 0x0d, 0x0a])));
      });
    case 'invalid-json':
      return createHttpServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"token": not json');
      });
    case 'server-error':
      return createHttpServer((req, res) => {
        req.resume();
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"Internal Server Error"}');
      });
    case 'slow':
      return createHttpServer((req, res) => {
        req.resume();
        later(3000, () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('null');
        });
      });
    case 'trickle':
      return createHttpServer((req, res) => {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        const tick = () => {
          if (res.destroyed) return;
          res.write(' ');
          later(100, tick);
        };
        tick();
      });
  }
}

/** A port that nothing listens on: bound once, then released. */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

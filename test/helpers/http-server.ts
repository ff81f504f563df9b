/**
 * A local HTTP server for tests: listens on 127.0.0.1 on a random port and records every request
 * it receives, so tests can serve feed files and check what the client sent.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the server saw of one request. Header names are lower-case, as Node gives them. */
export interface RecordedRequest {
  method: string;
  /** Path plus query string, e.g. `/feed.xml?x=1`. */
  path: string;
  headers: IncomingHttpHeaders;
}

/** A running test server. `url` has no trailing slash: `http://127.0.0.1:PORT`. */
export interface TestServer {
  url: string;
  port: number;
  /** Every request received so far, in arrival order. */
  requests: RecordedRequest[];
  /** Stops listening and destroys open connections (so slow or hanging handlers do not block). */
  close(): Promise<void>;
}

/** Handler for a test server; the usual Node `(req, res)` pair. */
export type TestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Starts a server on 127.0.0.1 with a random free port. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    try {
      handler(req, res);
    } catch (err) {
      // A throwing handler should fail the test visibly, not hang the client.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`test handler threw: ${String(err)}`);
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One fixed response for `serveFiles`. `status` defaults to 200. */
export interface StaticRoute {
  body: string | Buffer;
  headers?: Record<string, string>;
  status?: number;
}

/**
 * A handler serving fixed responses by path (query string ignored); unknown paths get 404.
 * Use it with `startTestServer(serveFiles({...}))`.
 */
export function serveFiles(routes: Record<string, StaticRoute>): TestHandler {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const status = route.status ?? 200;
    // 204 and 304 carry no body by definition; Node would drop it anyway.
    if (status === 204 || status === 304) {
      res.writeHead(status, route.headers);
      res.end();
      return;
    }
    const body = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : route.body;
    res.writeHead(status, { 'content-length': String(body.length), ...route.headers });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}

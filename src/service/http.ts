/**
 * The process's HTTP server: `GET /healthz` and `GET /metrics` (Prometheus text format). Chat
 * adapters that receive requests (Slack events, Discord interactions) hook in through `routes`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Registry } from 'prom-client';

/** Handles a request it recognises and returns true; false passes it on (finally to a 404). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** What `/healthz` reports: 200 when `ok`, 503 otherwise, with the details as JSON. */
export type HealthCheck = () => Promise<{ ok: boolean; details: Record<string, unknown> }>;

export interface HttpServerOptions {
  port: number;
  host?: string;
  registry: Registry;
  health: HealthCheck;
  routes?: RouteHandler[];
}

export interface RunningHttpServer {
  /** The port actually listened on (useful with port 0). */
  port: number;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

/** Starts the server; resolves once it listens. */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0];
      try {
        if (req.method === 'GET' && path === '/healthz') {
          const { ok, details } = await options.health();
          send(
            res,
            ok ? 200 : 503,
            'application/json',
            `${JSON.stringify({ status: ok ? 'ok' : 'unhealthy', ...details })}\n`,
          );
          return;
        }
        if (req.method === 'GET' && path === '/metrics') {
          send(res, 200, options.registry.contentType, await options.registry.metrics());
          return;
        }
        for (const route of options.routes ?? []) if (await route(req, res)) return;
        send(res, 404, 'text/plain', 'not found\n');
      } catch (err) {
        if (!res.headersSent) send(res, 500, 'text/plain', `internal error: ${(err as Error).message}\n`);
        else res.end();
      }
    })();
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive connections would hold close() open; scrapers reconnect anyway.
        for (const socket of sockets) socket.destroy();
      }),
  };
}

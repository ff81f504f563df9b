/**
 * The process's HTTP server: `GET /healthz` and `GET /metrics` (Prometheus text format). Chat
 * adapters that receive requests (Slack events, Discord interactions) hook in through `routes`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Registry } from 'prom-client';
import { ServiceError } from './errors.js';
import type { HealthStatus } from './health.js';

/** Handles a request it recognises and returns true; false passes it on (finally to a 404). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * What `/healthz` reports, as JSON: 503 when `unhealthy`, 200 when `ok` or `degraded`. It must
 * answer promptly whatever Redis does: orchestrators restart a process whose check hangs.
 */
export type HealthCheck = () => Promise<{ status: HealthStatus }>;

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
          const report = await options.health();
          send(
            res,
            report.status === 'unhealthy' ? 503 : 200,
            'application/json',
            `${JSON.stringify(report)}\n`,
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
  const host = options.host ?? '0.0.0.0';
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(portError(options.port, host, err));
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
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

/** Says why the port cannot be used, and what to do about it. */
function portError(port: number, host: string, err: NodeJS.ErrnoException): ServiceError {
  const why =
    err.code === 'EADDRINUSE'
      ? `port ${port} is already in use`
      : err.code === 'EACCES'
        ? `permission denied for port ${port} (ports below 1024 need privileges)`
        : err.code === 'EADDRNOTAVAIL'
          ? `address ${host} is not available on this machine`
          : err.message;
  return new ServiceError(
    'SERVICE_HTTP_PORT',
    `cannot serve /healthz and /metrics on ${host}:${port}: ${why}. ` +
      'Choose a free port with --port or BEATWATCH_HTTP_PORT (0 picks one).',
    { cause: err },
  );
}

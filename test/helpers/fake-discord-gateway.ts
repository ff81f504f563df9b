/**
 * The fake Discord's gateway: a WebSocket on the fake's HTTP server that speaks what discord.js
 * needs to log in (Hello, Identify with the token checked, Ready, heartbeat ACK; a Resume is
 * refused so the client identifies again) and sends dispatches to every ready session, as
 * Discord sends each event to every session of a bot.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

export interface FakeGatewayOptions {
  /** The bot token an Identify must carry; another is closed with 4004. */
  token: string;
  applicationId: string;
  /** The bot user READY names. */
  user: Record<string, unknown>;
  /** The gateway's own URL (READY's resume URL). */
  url(): string;
}

export interface FakeGateway {
  /** Every Identify accepted, with its intents. */
  identifies: Array<{ intents: number }>;
  /** Sessions that identified and got READY, still open. */
  readySessions(): number;
  /** Sends a dispatch to every ready session; returns how many got it. */
  dispatch(event: string, data: unknown): number;
  close(): void;
}

/** Serves the gateway at `/gateway` on `server`. */
export function attachFakeGateway(server: Server, options: FakeGatewayOptions): FakeGateway {
  const identifies: Array<{ intents: number }> = [];
  const sessions = new Set<{ ws: WebSocket; ready: boolean; seq: number }>();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url ?? '').startsWith('/gateway')) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session = { ws, ready: false, seq: 0 };
      sessions.add(session);
      ws.on('close', () => sessions.delete(session));
      ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
      ws.on('message', (raw) => {
        const packet = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> | null };
        if (packet.op === 1) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
        else if (packet.op === 6) ws.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
        else if (packet.op === 2) {
          if (packet.d?.token !== options.token) {
            ws.close(4004, 'Authentication failed.');
            return;
          }
          identifies.push({ intents: Number(packet.d.intents) });
          session.seq += 1;
          ws.send(
            JSON.stringify({
              op: 0,
              t: 'READY',
              s: session.seq,
              d: {
                v: 10,
                user: { ...options.user, flags: 0 },
                guilds: [],
                session_id: randomBytes(16).toString('hex'),
                resume_gateway_url: options.url(),
                shard: [0, 1],
                application: { id: options.applicationId, flags: 0 },
              },
            }),
          );
          session.ready = true;
        }
      });
    });
  });

  return {
    identifies,
    readySessions: () => [...sessions].filter((s) => s.ready).length,
    dispatch(event, data) {
      let reached = 0;
      for (const session of sessions) {
        if (!session.ready) continue;
        session.seq += 1;
        session.ws.send(JSON.stringify({ op: 0, t: event, s: session.seq, d: data }));
        reached += 1;
      }
      return reached;
    },
    close() {
      for (const s of sessions) s.ws.terminate();
      wss.close();
    },
  };
}

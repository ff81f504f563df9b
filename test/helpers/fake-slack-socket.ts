/**
 * The Socket Mode side of the fake Slack: a local WebSocket server that `apps.connections.open`
 * points the client at. It greets each connection with `hello` (what makes the client ready),
 * delivers `slash_commands` envelopes, and records the acknowledgements the client sends back.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** An acknowledgement the client sent for an envelope. */
export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeSocketMode {
  /** The URL `apps.connections.open` returns. */
  connectUrl(): string;
  /** Connections opened so far. */
  readonly connections: number;
  acks: SocketAck[];
  /**
   * Sends a slash command envelope to the newest open connection (waiting for one) and resolves
   * with the client's acknowledgement.
   */
  sendSlashCommand(payload: Record<string, string>): Promise<SocketAck>;
  close(): Promise<void>;
}

/** Starts the WebSocket server on 127.0.0.1 with a random port. */
export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  const open: WebSocket[] = [];
  const acks: SocketAck[] = [];
  const waiting = new Map<string, (ack: SocketAck) => void>();
  let connections = 0;

  wss.on('connection', (ws) => {
    connections += 1;
    open.push(ws);
    ws.on('close', () => open.splice(open.indexOf(ws), 1));
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as SocketAck;
      if (!ack.envelope_id) return;
      acks.push(ack);
      waiting.get(ack.envelope_id)?.(ack);
      waiting.delete(ack.envelope_id);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'AFAKE' } }));
  });

  async function newestConnection(): Promise<WebSocket> {
    const deadline = Date.now() + 20_000;
    while (open.length === 0) {
      if (Date.now() > deadline) throw new Error('no Socket Mode connection to the fake Slack');
      await new Promise((r) => setTimeout(r, 25));
    }
    return open[open.length - 1]!;
  }

  return {
    connectUrl: () => `ws://127.0.0.1:${port}/link/?ticket=${randomUUID()}`,
    get connections() {
      return connections;
    },
    acks,
    async sendSlashCommand(payload) {
      const ws = await newestConnection();
      const envelopeId = randomUUID();
      const acked = new Promise<SocketAck>((resolve) => waiting.set(envelopeId, resolve));
      ws.send(
        JSON.stringify({
          envelope_id: envelopeId,
          type: 'slash_commands',
          payload,
          accepts_response_payload: true,
        }),
      );
      return acked;
    },
    async close() {
      for (const ws of open) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

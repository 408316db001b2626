/** A WebSocket client of an interactive session, for tests: every message kept, waits by type or text. */
import WebSocket from 'ws';

export interface SessionSocket {
  socket: WebSocket;
  messages: any[];
  send(message: unknown): void;
  /** The first message (from the start) of `type` matching `match`. */
  next(type: string, match?: (message: any) => boolean, timeoutMs?: number): Promise<any>;
  /** All stdout so far. */
  stdout(): string;
  /** Resolves when the server closes: its code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

export function openSession(url: string, headers: Record<string, string> = {}): Promise<SessionSocket> {
  const socket = new WebSocket(url, { headers });
  const messages: any[] = [];
  let heard = () => {};
  socket.on('message', (data) => {
    messages.push(JSON.parse(data.toString()));
    heard();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => {
    resolve({ code, reason: reason.toString() });
    heard();
  }));
  const next = async (type: string, match: (message: any) => boolean = () => true, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find((message) => message.type === type && match(message));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
      if (socket.readyState === WebSocket.CLOSED) throw new Error(`closed without a ${type} message; got ${JSON.stringify(messages)}`);
      await new Promise<void>((resolve) => {
        heard = resolve;
        setTimeout(resolve, 200);
      });
    }
  };
  return new Promise((resolve, reject) => {
    socket.once('open', () =>
      resolve({
        socket,
        messages,
        send: (message) => socket.send(JSON.stringify(message)),
        next,
        stdout: () => messages.filter((message) => message.type === 'stdout').map((message) => message.data).join(''),
        closed,
      }),
    );
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${response.statusCode} ${body}`), { status: response.statusCode, body })));
    });
    socket.once('error', reject);
  });
}

export const wsUrl = (httpUrl: string, path: string) => httpUrl.replace(/^http/, 'ws') + path;

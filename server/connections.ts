// What the server knows of each socket (the responses under way on it), for two jobs:
// - a stop that loses nothing: stop listening, let every accepted request finish within a grace period,
//   close keep-alive sockets once they are idle, and cut (and count) only what is still running after it.
//   Node's own http.Server.close() also closes connections accepted but not yet read, which resets
//   requests the kernel already holds; here only a socket that has answered a request and is idle is closed;
// - a send timeout: a socket on which nothing moved for the timeout is closed when it is idle or stuck
//   sending (a reader that stopped reading), but not while its answer is still being computed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** How long a stopping server still accepts connections that were on their way. */
const LAME_DUCK_MS = 200;

interface Connection {
  /** requests read on this socket */
  requests: number;
}

export interface DrainResult {
  /** responses cut when the grace period ran out */
  cut: number;
  /** milliseconds the drain took */
  ms: number;
}

/**
 * The response a socket is answering now, if any. Node keeps it as `socket._httpMessage` from the request
 * until the response has finished (a pipelined request's response takes its place at once), which spares
 * the hot path a listener per response; the drain tests fail if a Node release changes it.
 */
function answering(socket: Socket): ServerResponse | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage ?? undefined;
}

export class Connections {
  private readonly connections = new Map<Socket, Connection>();
  private draining = false;
  private onSettled?: () => void;

  constructor(
    private readonly server: Server,
    sendTimeoutMs: number,
  ) {
    server.setTimeout(sendTimeoutMs, (socket: Socket) => {
      const response = answering(socket);
      // an answer still being computed has its own time limit; nothing moving on the wire is expected
      if (response && !response.headersSent) socket.setTimeout(sendTimeoutMs);
      else socket.destroy();
    });
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { requests: 0 });
      socket.once('close', () => {
        this.connections.delete(socket);
        this.settleCheck();
      });
    });
  }

  /** Called first for every request: counts it, and during a drain makes its response say Connection: close. */
  track(req: IncomingMessage, res: ServerResponse): void {
    const connection = this.connections.get(req.socket);
    if (connection) connection.requests++;
    if (this.draining) res.shouldKeepAlive = false;
  }

  /** Sockets open now. */
  get open(): number {
    return this.connections.size;
  }

  /** Responses under way now (one per socket; pipelined ones behind it not counted). */
  get inFlight(): number {
    let n = 0;
    for (const socket of this.connections.keys()) if (answering(socket)) n++;
    return n;
  }

  /** End the socket once it has no response under way (the one being answered, then any pipelined behind it). */
  private endWhenIdle(socket: Socket): void {
    const response = answering(socket);
    if (!response) {
      socket.end();
      return;
    }
    if (!response.headersSent) response.shouldKeepAlive = false;
    // 'close' comes after Node has detached the response and assigned the next pipelined one, if any
    response.once('close', () => setImmediate(() => this.endWhenIdle(socket)));
  }

  /** Stop accepting; resolves when every connection is closed, cutting what is left after `graceMs`. */
  drain(graceMs: number): Promise<DrainResult> {
    const started = performance.now();
    this.draining = true;
    // connections the kernel completed around the signal wait in the listen backlog, and closing the
    // listener resets them: keep accepting (and answering with Connection: close) for a moment first
    setTimeout(() => {
      // net.Server's close only stops listening (http.Server's would also drop accepted, unread sockets)
      NetServer.prototype.close.call(this.server);
      this.settleCheck();
    }, LAME_DUCK_MS).unref();
    for (const [socket, connection] of this.connections) {
      // keep-alive sockets that have had requests: closed once idle. A socket without a request yet
      // may hold one the kernel has accepted: it is read and answered with Connection: close
      if (connection.requests > 0) this.endWhenIdle(socket);
    }
    return new Promise((resolve) => {
      let cut = 0;
      const timer = setTimeout(() => {
        for (const socket of this.connections.keys()) {
          if (answering(socket)) cut++;
          socket.destroy();
        }
      }, graceMs);
      timer.unref();
      this.onSettled = () => {
        clearTimeout(timer);
        // after the 'close' events of the last responses (their log lines) have run
        setImmediate(() => resolve({ cut, ms: Math.round(performance.now() - started) }));
      };
    });
  }

  private settleCheck(): void {
    if (!this.draining || !this.onSettled || this.server.listening) return;
    // sockets still connecting, or idle without a request, do not hold the stop beyond the grace
    for (const [socket, connection] of this.connections) if (answering(socket) || connection.requests === 0) return;
    const settled = this.onSettled;
    this.onSettled = undefined;
    settled();
  }
}

// What the server knows of each socket (the responses under way on it), for two jobs:
// - a stop that loses nothing: stop listening, let every accepted request finish within a grace period,
//   close keep-alive sockets once they are idle, and cut (and count) only what is still running after it.
//   Node's own http.Server.close() also closes connections accepted but not yet read, which resets
//   requests the kernel already holds; here only a socket that has answered a request and is idle is closed;
// - a send timeout: a socket on which nothing moved for the timeout is closed when it is idle or stuck
//   sending (a reader that stopped reading), but not while its answer is still being computed.
import type { ServerResponse } from 'node:http';
import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** How long a stopping server still accepts connections that were on their way. */
const LAME_DUCK_MS = 200;

interface Connection {
  /** responses under way on this socket */
  active: Set<ServerResponse>;
  /** responses it has finished */
  served: number;
}

export interface DrainResult {
  /** responses cut when the grace period ran out */
  cut: number;
  /** milliseconds the drain took */
  ms: number;
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
      const connection = this.connections.get(socket);
      const computing = connection && [...connection.active].some((res) => !res.headersSent);
      // an answer still being computed has its own time limit; nothing moving on the wire is expected
      if (computing) socket.setTimeout(sendTimeoutMs);
      else socket.destroy();
    });
    server.on('connection', (socket: Socket) => {
      this.connections.set(socket, { active: new Set(), served: 0 });
      socket.once('close', () => {
        this.connections.delete(socket);
        this.settleCheck();
      });
    });
    // before the app's own listener, so a response started during the drain says Connection: close
    server.prependListener('request', (req, res: ServerResponse) => {
      const connection = this.connections.get(req.socket);
      if (!connection) return;
      connection.active.add(res);
      if (this.draining) res.shouldKeepAlive = false;
      res.once('close', () => {
        connection.active.delete(res);
        connection.served++;
        if (this.draining && connection.active.size === 0) req.socket.end();
      });
    });
  }

  /** Sockets open now. */
  get open(): number {
    return this.connections.size;
  }

  /** Responses under way now. */
  get inFlight(): number {
    let n = 0;
    for (const c of this.connections.values()) n += c.active.size;
    return n;
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
      // idle keep-alive sockets that have answered: closed now. A socket with nothing answered yet
      // may hold a request the kernel has accepted: it is read and answered, then closed
      if (connection.active.size === 0 && connection.served > 0) socket.end();
    }
    return new Promise((resolve) => {
      let cut = 0;
      const timer = setTimeout(() => {
        for (const [socket, connection] of this.connections) {
          cut += connection.active.size;
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
    if ([...this.connections.values()].some((c) => c.active.size > 0 || c.served === 0)) return;
    const settled = this.onSettled;
    this.onSettled = undefined;
    settled();
  }
}

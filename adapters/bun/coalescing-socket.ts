/**
 * The socket a source-owned postgres.js connection runs on (postgres-source.ts `connectSocket`,
 * postgres.js's `socket` option): plain TCP,
 * with every read passed through a CopyDataCoalescer before the driver's `data` listener sees
 * it, so a `COPY … TO STDOUT` reaches the driver as one CopyData message per socket read
 * instead of one per row (copy-data-coalescer.ts says why that matters).
 *
 * postgres.js takes a socket from this option already connected, and starts its connect timer
 * only after, so the connect timeout is kept here. Only for connections without TLS: with TLS
 * the driver reads from the TLS socket it wraps around this one, which would get the encrypted
 * bytes, so a TLS connection keeps the driver's own socket.
 */
import { Buffer } from "node:buffer";
import net from "node:net";
import { CopyDataCoalescer } from "../sources/copy-data-coalescer.ts";

type Listener = (...args: unknown[]) => void;

export function coalescingSocket(host: string, port: number, connectTimeoutSeconds: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const fail = (e: unknown) => {
      clearTimeout(timer);
      socket.destroy();
      reject(e);
    };
    const timer = setTimeout(
      () => fail(Object.assign(new Error(`connect ETIMEDOUT ${host}:${port}`), { code: "ETIMEDOUT", errno: "ETIMEDOUT" })),
      connectTimeoutSeconds * 1000,
    );
    socket.once("error", fail);
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("error", fail);
      resolve(coalescing(socket));
    });
  });
}

/** `socket` with each `data` listener fed whole messages, CopyData runs merged. */
function coalescing(socket: net.Socket): net.Socket {
  const on = socket.on;
  socket.on = function (this: net.Socket, event: string, listener: Listener) {
    if (event !== "data") return on.call(this, event, listener);
    // The driver reads its messages with Buffer methods (readUInt32BE …); a joined message is a Uint8Array.
    const c = new CopyDataCoalescer((bytes) => listener(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
    return on.call(this, event, (chunk: Buffer) => c.push(chunk));
  } as typeof socket.on;
  return socket;
}

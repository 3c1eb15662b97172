import type { Server } from "node:http";
import { serve } from "@hono/node-server";

/** Why the local HTTP server could not listen, naming the address and what to do. */
export class ListenError extends Error {
  override readonly name = "ListenError";
}

export interface LocalHttpServer {
  close(): Promise<void>;
}

/** Serves `fetch` on host:port; rejects with a ListenError that names the port. */
export async function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  port: number,
  hostname: string,
): Promise<LocalHttpServer> {
  const server = serve({ fetch, port, hostname }) as Server;
  await new Promise<void>((ready, fail) => {
    server.once("listening", ready);
    server.once("error", (error: NodeJS.ErrnoException) => {
      const where = `${hostname}:${port}`;
      if (error.code === "EADDRINUSE")
        fail(
          new ListenError(
            `Port ${port} is already in use (${where}): stop whatever listens there, or start with PORT=<another port>.`,
          ),
        );
      else if (error.code === "EACCES")
        fail(new ListenError(`Not allowed to listen on ${where}: use a port above 1023 (PORT=3000).`));
      else fail(new ListenError(`Cannot listen on ${where}: ${error.message}`));
    });
  });
  return {
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        // Keep-alive connections would hold close() open; idle ones can go now.
        server.closeIdleConnections();
      }),
  };
}

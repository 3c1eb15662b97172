import type { MiddlewareHandler } from "hono";

/**
 * An answer sent before the request body was read (a 413, a 401 on a POST) leaves the
 * body's bytes on the connection. The Node server drains them for a moment and then drops
 * the socket, after having promised keep-alive: the client's next request on that socket
 * fails. Saying `Connection: close` makes the client open a new one instead. (Behind API
 * Gateway the header is hop-by-hop and goes no further; it is harmless there.)
 */
export const closeWhenBodyUnread: MiddlewareHandler = async (c, next) => {
  const raw = c.req.raw;
  await next();
  const hasBody = raw.headers.has("transfer-encoding") || Number(raw.headers.get("content-length") ?? 0) > 0;
  if (hasBody && (c.res.status === 413 || !raw.bodyUsed)) c.res.headers.set("Connection", "close");
};

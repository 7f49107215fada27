// The production server: Next's request handler behind a plain Node HTTP server, so that every request
// carries the address of its TCP peer in `x-facet-peer` (set here, whatever a client sent under that
// name). Route handlers can't see the socket, and X-Forwarded-For is the client's to write; the app
// believes it only from TRUSTED_PROXIES (packages/auth/src/client-address.ts).
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT || 3000);
// Every interface unless HOST narrows it (the e2e servers use 127.0.0.1). Not HOSTNAME: Docker sets that
// to the container's name, which would hide the server from localhost.
const host = process.env.HOST || undefined;
const app = next({ dev: false, dir: import.meta.dirname, hostname: host ?? "localhost", port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers["x-facet-peer"] = req.socket.remoteAddress ?? "";
  // Set by src/proxy.ts for the pages it serves; never taken from a client.
  delete req.headers["x-facet-path"];
  void handle(req, res);
});
server.on("upgrade", (req, socket, head) => {
  req.headers["x-facet-peer"] = req.socket.remoteAddress ?? "";
  void app.getUpgradeHandler()(req, socket, head);
});
server.listen(port, host, () => console.log(`Facet listening on http://${host ?? "localhost"}:${port}`));

// Stop taking connections, let requests in flight finish (at most 10 s), then exit.
let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}

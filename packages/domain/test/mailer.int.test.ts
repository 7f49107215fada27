import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSmtpMailer } from "../src";

// A real SMTP server on loopback receives what the mailer sends.
const received: { from: string; to: string[]; body: string }[] = [];
let server: SMTPServer;
let port = 0;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          body,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("SMTP mailer", () => {
  it("delivers a message to the SMTP server named by the URL", async () => {
    const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`, "Facet <no-reply@facet.test>");
    await mailer.send({ to: "ada@example.com", subject: "You're invited", text: "Accept: http://facet.test/invite/abc" });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: "no-reply@facet.test", to: ["ada@example.com"] });
    expect(received[0]?.body).toContain("Subject: You're invited");
    expect(received[0]?.body).toContain("http://facet.test/invite/abc");
  });

  it("fails loudly when the server can't be reached", async () => {
    const mailer = createSmtpMailer("smtp://127.0.0.1:1", "Facet <no-reply@facet.test>");
    await expect(mailer.send({ to: "a@example.com", subject: "x", text: "y" })).rejects.toThrow();
  });
});

import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { createSmtpMailer, type Mailer } from "@facet/domain";

export interface ReceivedMail {
  to: string[];
  body: string;
}

/** A real SMTP server on loopback that keeps what it receives, and a mailer pointed at it. */
export async function smtpFake(): Promise<{ mailer: Mailer; received: ReceivedMail[]; close: () => Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let body = "";
      stream.on("data", (chunk: Buffer) => (body += chunk.toString()));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    mailer: createSmtpMailer(`smtp://127.0.0.1:${port}`, "Facet <no-reply@facet.test>"),
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

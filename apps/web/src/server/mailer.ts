import "server-only";
import nodemailer from "nodemailer";
import type { Mailer } from "@facet/domain";
import { env } from "~/env";

let instance: Mailer | null | undefined;

/** A mailer when SMTP_URL is set; otherwise null and invitation links are shown to copy. */
export function mailer(): Mailer | null {
  if (instance !== undefined) return instance;
  const { smtpUrl, mailFrom } = env();
  if (!smtpUrl) return (instance = null);
  const transport = nodemailer.createTransport(smtpUrl);
  instance = {
    async send(message) {
      await transport.sendMail({ from: mailFrom, ...message });
    },
  };
  return instance;
}

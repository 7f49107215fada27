import "server-only";
import { createSmtpMailer, type Mailer } from "@facet/domain";
import { env } from "~/env";

let instance: Mailer | null | undefined;

/** A mailer when SMTP_URL is set; otherwise null and invitation links are shown to copy. */
export function mailer(): Mailer | null {
  if (instance === undefined) {
    const { smtpUrl, mailFrom } = env();
    instance = smtpUrl ? createSmtpMailer(smtpUrl, mailFrom) : null;
  }
  return instance;
}

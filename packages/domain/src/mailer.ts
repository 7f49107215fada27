import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. The app builds one from SMTP settings; without them there is none and links are shown instead. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer over SMTP, e.g. `smtp://user:pass@mail.example.com:587`. */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
  };
}

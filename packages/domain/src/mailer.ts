export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. The app builds one from SMTP settings; without them there is none and links are shown instead. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface ResetMail {
  to: string;
  resetUrl: string;
  expiresAt: Date;
  ttlMinutes: number;
}

/**
 * Sends password-reset mail through SMTP_URL. Without one (development and
 * tests) the message is written to the log instead, link included, so the
 * flow can be followed on a machine with no mail server.
 */
export class ResetMailer {
  private readonly transport: Transporter | undefined;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
    private readonly logger: Logger,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(withTimeouts(smtpUrl)) : undefined;
  }

  get configured(): boolean {
    return this.transport !== undefined;
  }

  async send(mail: ResetMail): Promise<void> {
    const text = [
      'Someone (hopefully you, or an administrator for you) asked to reset the password of your account.',
      '',
      `Choose a new password here: ${mail.resetUrl}`,
      '',
      `The link works once and expires in ${mail.ttlMinutes} minutes, at ${mail.expiresAt.toISOString()}.`,
      'If you did not ask for this, ignore this message: your password stays as it is.',
    ].join('\n');
    if (!this.transport) {
      this.logger.info({ to: mail.to, subject: 'Reset your password', text }, 'password-reset mail (no SMTP_URL: written to the log)');
      return;
    }
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: 'Reset your password', text });
  }

  close(): void {
    this.transport?.close();
  }
}

/** A mail server that does not answer must not hold an admin's request for minutes. */
function withTimeouts(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  for (const [name, ms] of [
    ['connectionTimeout', 10_000],
    ['greetingTimeout', 10_000],
    ['socketTimeout', 20_000],
  ] as const) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(ms));
  }
  return url.toString();
}

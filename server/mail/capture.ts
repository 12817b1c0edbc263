import type { Knex } from 'knex';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

/**
 * Development mail capture: when no SMTP_URL is configured the worker starts this sink and sends to it, and every
 * message is stored in Postgres so developers and staff can read what would have been sent.
 */
export async function startCaptureServer(db: Knex, port: number): Promise<SmtpSink> {
  return startSmtpSink({
    port,
    onMail: async (mail) => {
      const headers: Record<string, string> = {};
      for (const [key, value] of mail.parsed.headers)
        headers[key] = typeof value === 'string' ? value : JSON.stringify(value);
      await db('captured_mail').insert({
        message_id: mail.parsed.messageId ?? null,
        envelope_from: mail.envelopeFrom,
        envelope_to: mail.envelopeTo,
        subject: mail.parsed.subject ?? null,
        text_body: mail.parsed.text ?? null,
        html_body: typeof mail.parsed.html === 'string' ? mail.parsed.html : null,
        headers: JSON.stringify(headers),
        size_bytes: mail.raw.length,
      });
    },
  });
}

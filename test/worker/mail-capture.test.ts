import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { createDb } from '../../server/db';
import { startCaptureServer } from '../../server/mail';
import { testConfig, uniqueEmail } from '../setup/context';

describe('development mail capture', () => {
  test('when SMTP_URL is unset and the portal sends mail, then the capture server stores every message in Postgres', async () => {
    const config = testConfig();
    const db = createDb(config.databaseUrl, 2, undefined, { queuePrefix: config.queuePrefix });
    const capture = await startCaptureServer(db, 0);
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: capture.port,
      secure: false,
      ignoreTLS: true,
    });
    try {
      const to = uniqueEmail('captured');
      const messageId = `<${randomUUID()}@portal.localhost>`;
      await transport.sendMail({
        from: config.mailFrom,
        to,
        subject: 'Please confirm your request',
        text: 'Open this link',
        html: '<p>Open this link</p>',
        messageId,
      });
      const row = await db('captured_mail').where({ message_id: messageId }).first();
      expect(row).toMatchObject({ subject: 'Please confirm your request', envelope_to: [to] });
      expect(row.text_body.trim()).toBe('Open this link');
      expect(row.html_body).toContain('<p>Open this link</p>');
      expect(row.size_bytes).toBeGreaterThan(100);
    } finally {
      transport.close();
      await capture.close();
      await db.destroy();
    }
  });
});

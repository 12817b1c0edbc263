import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import request from 'supertest';
import { replyAddressFor, startInboundReceiver } from '../../server/correspondence';
import { createDb } from '../../server/db';
import { createMailTransport, startCaptureServer } from '../../server/mail';
import { purgeExpiredPersonalData } from '../../server/requests';
import { fixedClock, systemClock } from '../../server/shared/clock';
import { createReplyWorkflow } from '../../server/staff';
import { decrypt, openLetterPdf, type EncryptionPurpose } from '../../server/shared/encryption';
import { pdfToText } from '../../server/vendors';
import { startWorker } from '../../server/worker';
import { createIntakeContext, intakeBody, storedVerificationToken } from '../factories/intake';
import { silentLogger, testConfig, unique } from '../setup/context';
import { waitFor } from '../setup/wait';

/**
 * Issue 18, "Data protection that holds": a person taken through the whole life of a request (intake, verification,
 * the letter, a vendor reply with an attachment, their answer with a document, "find my requests", withdrawal), with
 * development mail capture on, then purged after the retention period. Every text, json and bytea column of every
 * table in the database (found through information_schema, so new tables are covered without touching this test),
 * and every sealed document opened with its key, is searched for the person's name, email and street address.
 */
describe('after the retention purge no copy of the person is left anywhere', () => {
  test('when a request has gone through letter, reply, answer and withdrawal and the retention period has passed, then the name, email and address are found in no table, column or document', async () => {
    const config = testConfig({ SMTP_CAPTURE_PORT: '0', INBOUND_SMTP_PORT: '0' });
    // the API and worker as they run in production: connected as the app role, not the owner
    const ctx = createIntakeContext({
      config: testConfig({ DATABASE_URL: config.appDatabaseUrl, QUEUE_PREFIX: config.queuePrefix }),
    });
    const owner = createDb(config.databaseUrl, 2);
    const capture = await startCaptureServer(ctx.db, 0);
    const transport = createMailTransport(`smtp://127.0.0.1:${capture.port}?tls=off`);
    const worker = await startWorker({
      config: ctx.config,
      db: ctx.db,
      logger: silentLogger,
      clock: systemClock,
      transport,
    });
    const inbound = await startInboundReceiver(
      {
        db: ctx.db,
        config: ctx.config,
        logger: silentLogger,
        clock: ctx.clock,
        replies: createReplyWorkflow({ config: ctx.config, clock: ctx.clock }),
      },
      0,
    );
    const vendorSmtp = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inbound.port,
      secure: false,
      ignoreTLS: true,
    });
    const storedBefore = new Map<string, Set<string>>();
    try {
      // the files already stored (by other tests) before this person existed
      for (const { table_name: table, column_name: column, data_type: type } of await scannedColumns()) {
        if (type !== 'bytea') continue;
        const { rows } = await owner.raw(
          `select distinct md5("${column}") as h from "${table}" where "${column}" is not null`,
        );
        storedBefore.set(`"${table}"."${column}"`, new Set((rows as { h: string }[]).map((r) => r.h)));
      }
      const tag = randomUUID().slice(0, 8);
      const name = `Philippa Quarrendon-${tag}`;
      const email = `philippa.quarrendon.${tag}@example.test`;
      const street = `${Math.floor(Math.random() * 9000) + 1000} Marrowbone Crescent ${tag}`;
      const needles = [name, email, street];

      // intake and verification
      // the consumer reads German: the letter to Sonos is English, their copy of it German (a second letter and PDF)
      const body = intakeBody({
        language: 'de',
        requester: {
          name,
          email,
          address: { line1: street, city: 'Springfield', region: 'CA', postal_code: '94110', country: 'United States' },
        },
      });
      const filed = await request(ctx.app).post('/api/requests').set('Idempotency-Key', unique('idem')).send(body);
      expect(filed.status).toBe(202);
      const token = await storedVerificationToken(ctx, filed.body.submission_id);
      const verified = await request(ctx.app).post('/api/verify').send({ token });
      expect(verified.status).toBe(200);
      const bearer = { Authorization: `Bearer ${verified.body.access.token}` };
      const requestId: number = verified.body.requests[0].id;
      const reference: string = verified.body.requests[0].reference;

      // the letter goes out (captured), and the consumer downloads its PDF, which names them
      await waitFor(
        () => ctx.db('requests').where({ id: requestId }).first('status'),
        (r) => r.status === 'sent',
        'the letter sent',
      );
      await waitFor(
        () =>
          ctx
            .db('captured_mail')
            .whereRaw('? = any(envelope_to)', ['privacy@sonos.com'])
            .where('subject', 'like', `%${reference}%`)
            .first(),
        Boolean,
        'the captured letter',
      );
      const view = await request(ctx.app).get(`/api/requests/${requestId}`).set(bearer);
      const pdf = await request(ctx.app)
        .get(view.body.letters[0].pdf_url)
        .set(bearer)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

      // the vendor replies with an attachment, both naming the person
      await vendorSmtp.sendMail({
        from: 'privacy@sonos.com',
        to: replyAddressFor(reference, ctx.config.appSecret, ctx.config.replyDomain),
        subject: `Your request ${reference} (${name})`,
        text: `Dear ${name}, we hold ${email} and ${street}. Please confirm your customer number.`,
        html: `<p>Dear ${name}, ${email}, ${street}</p>`,
        messageId: `<${randomUUID()}@vendor.example>`,
        attachments: [
          {
            filename: 'export.csv',
            content: `name,email,address\n${name},${email},${street}\n`,
            contentType: 'text/csv',
          },
        ],
      });
      await waitFor(
        () => ctx.db('inbound_messages').where({ request_id: requestId }).first(),
        Boolean,
        'the reply stored',
      );

      // the consumer answers with a document naming them
      await ctx.db('requests').where({ id: requestId }).update({ status: 'awaiting_information' });
      const answered = await request(ctx.app)
        .post(`/api/requests/${requestId}/answer`)
        .set(bearer)
        .field('text', `I am ${name}, ${email}.\nI live at ${street}.`)
        .attach('file', Buffer.from(`%PDF-1.4\n${name} ${email} ${street}\n`), {
          filename: 'id.pdf',
          contentType: 'application/pdf',
        });
      expect(answered.status).toBe(201);

      // "find my requests" from another browser: a sign-in link by email, redeemed
      expect((await request(ctx.app).post('/api/consumer/sign-in-links').send({ email })).status).toBe(202);
      await waitFor(
        () => ctx.db('outbound_emails').where({ template: 'consumer_sign_in', to_address: email }).first(),
        Boolean,
        'the sign-in link',
      );

      // the consumer withdraws, saying why in their own words; the request is closed
      const withdrawn = await request(ctx.app)
        .post(`/api/requests/${requestId}/withdraw`)
        .set(bearer)
        .send({ reason: `${name} got the answer by phone.` });
      expect(withdrawn.status).toBe(200);
      await waitFor(
        () =>
          ctx
            .db('outbound_emails')
            .whereRaw("status not in ('sent', 'failed', 'uncertain')")
            .whereRaw('(to_address = ? or text_body like ?)', [email, `%${name}%`])
            .first(),
        (pending) => !pending,
        'every mail sent',
      );
      await waitFor(
        () =>
          ctx
            .db('outbox')
            .where({ queue_prefix: ctx.config.queuePrefix })
            .whereNull('relayed_at')
            .where('available_at', '<=', new Date())
            .first(),
        (row) => !row,
        'the outbox relayed',
      );

      // before the purge the scan finds the person, in plain columns and inside sealed files (the scan works)
      const before = await copiesOf(needles);
      expect(before).toEqual(
        expect.arrayContaining([
          '"requesters"."name"',
          '"outbound_emails"."text_body"',
          '"captured_mail"."text_body"',
          '"letters"."pdf" (sealed)',
          '"letters"."copy_pdf" (sealed)',
          '"letters"."copy_text_body"',
          '"inbound_attachments"."sealed_content" (sealed)',
          '"documents"."sealed" (sealed)',
        ]),
      );

      const later = fixedClock(new Date(Date.now() + (ctx.config.retentionDays + 2) * 86_400_000).toISOString());
      const purged = await purgeExpiredPersonalData(ctx.db, later, ctx.config.retentionDays);
      expect(purged.requesters).toBeGreaterThanOrEqual(1);

      expect(await copiesOf(needles)).toEqual([]);
      // the history stays
      expect(await ctx.db('requests').where({ id: requestId }).first()).toMatchObject({
        status: 'withdrawn',
        reference,
      });
      expect(
        await ctx.db('events').where({ subject_type: 'request', subject_id: requestId, type: 'personal_data_erased' }),
      ).toHaveLength(1);
    } finally {
      vendorSmtp.close();
      await inbound.close();
      await worker.stop();
      transport.close();
      await capture.close();
      await owner.destroy();
      await ctx.close();
    }

    /** Every text, json, array and bytea column of every table in the public schema. */
    async function scannedColumns() {
      const { rows } = await owner.raw<{ rows: { table_name: string; column_name: string; data_type: string }[] }>(
        `select c.table_name, c.column_name, c.data_type from information_schema.columns c
           join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
          where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
            and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea', 'USER-DEFINED')`,
      );
      return rows;
    }

    /** Every scanned column searched as text, and every stored file (bytea) read plain and opened with each key. */
    async function copiesOf(needles: string[]): Promise<string[]> {
      const columns = await scannedColumns();
      expect(columns.length).toBeGreaterThan(50);
      const found: string[] = [];
      for (const { table_name: table, column_name: column, data_type: type } of columns) {
        const ident = `"${table}"."${column}"`;
        if (type === 'bytea') {
          // plain bytes (a stored file), then each value opened with every document key (sealed files)
          const plain = await owner.raw(
            `select count(*)::int as n from "${table}" where ${needles.map(() => `position(convert_to(?, 'UTF8') in "${column}") > 0`).join(' or ')}`,
            needles,
          );
          if (plain.rows[0].n > 0) found.push(`${ident} (plain)`);
          // values already stored before this person existed cannot hold them: only newer ones are opened
          const { rows: hashes } = await owner.raw(
            `select distinct md5("${column}") as h from "${table}" where "${column}" is not null and length("${column}") > 0`,
          );
          const fresh = (hashes as { h: string }[]).map((r) => r.h).filter((h) => !storedBefore.get(ident)?.has(h));
          const { rows } = fresh.length
            ? await owner.raw(`select "${column}" as v from "${table}" where md5("${column}") = any(?)`, [fresh])
            : { rows: [] };
          for (const { v } of rows as { v: Buffer }[]) {
            const opened = await readable(openAny(config.appSecret, v));
            if (opened && needles.some((n) => opened.includes(n))) {
              found.push(`${ident} (sealed)`);
              break;
            }
          }
          continue;
        }
        const { rows } = await owner.raw(
          `select count(*)::int as n from "${table}" where ${needles.map(() => `"${column}"::text ilike '%' || ? || '%'`).join(' or ')}`,
          needles.map((n) => n.replace(/[\\%_]/g, (m) => `\\${m}`)),
        );
        if (rows[0].n > 0) found.push(ident);
      }
      return found;
    }
  });
});

const PURPOSES: EncryptionPurpose[] = [
  'reply-attachment',
  'agent-authorization',
  'identity-document',
  'consumer-document',
];

/** The plaintext of a sealed value under whichever purpose key opens it (letter PDFs included), else undefined. */
function openAny(secret: string, sealed: Buffer): Buffer | undefined {
  for (const purpose of PURPOSES) {
    try {
      return decrypt(secret, purpose, sealed);
    } catch {
      // not this key
    }
  }
  try {
    return openLetterPdf(secret, sealed);
  } catch {
    return undefined;
  }
}

/** The text of an opened file: a PDF's text layer (its streams are compressed), else the bytes as text. */
async function readable(opened: Buffer | undefined): Promise<string | undefined> {
  if (!opened) return undefined;
  if (opened.subarray(0, 5).toString('latin1') !== '%PDF-') return opened.toString('utf8');
  const text = await pdfToText(opened).then(
    (r) => r.text,
    () => '',
  );
  return `${text.replace(/\s+/g, ' ')}\n${opened.toString('latin1')}`;
}

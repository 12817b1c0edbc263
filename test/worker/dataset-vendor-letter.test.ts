import request from 'supertest';
import { computeDeadline } from '../../server/deadlines';
import { createIntakeContext, intakeBody } from '../factories/intake';
import type { TestContext } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { waitFor } from '../setup/wait';
import { startWorkerWithSink } from '../setup/worker';

/**
 * A company known only from an open dataset (seeded by the global setup, as by `npm run db:seed`): Spotify AB, from
 * the Datenanfragen.de record "spotify", which gives privacy@spotify.com. A consumer in Germany files an access request.
 */
describe('a request to a company from the open datasets', () => {
  let ctx: TestContext;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    ctx = createIntakeContext();
    ({ sink, stop: stopWorker } = await startWorkerWithSink(ctx.config, ctx.db));
  });
  afterAll(async () => {
    await stopWorker();
    await ctx.close();
  });

  test("when a consumer files to a dataset vendor, then the letter goes to the dataset's email and the deadline is the consumer's law's", async () => {
    const profile = await request(ctx.app).get('/api/vendors/spotify');
    expect(profile.status).toBe(200);
    const email = profile.body.channels.find((c: { type: string }) => c.type === 'email');
    expect(email).toMatchObject({
      value: 'privacy@spotify.com',
      source: { kind: 'dataset', dataset: 'datenanfragen', record: 'spotify', quality: 'tested' },
    });

    const body = intakeBody({
      jurisdiction: 'DE',
      rights: ['access'],
      vendors: ['spotify'],
      requester: {
        address: { line1: 'Teststraße 1', city: 'Berlin', region: 'Berlin', postal_code: '10115', country: 'Germany' },
      },
    });
    const filed = await request(ctx.app).post('/api/requests').send(body);
    expect(filed.body).toMatchObject({ submission_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(filed.status).toBe(202);
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(body.requester.email)));
    const mail = sink.messages.find((m) => m.envelopeTo.includes(body.requester.email))!;
    const token = /\/verify\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
    expect((await request(ctx.app).post('/api/verify').send({ token })).status).toBe(200);

    const submission = await ctx.db('submissions').where({ public_id: filed.body.submission_id }).first('id');
    const [req] = await ctx.db('requests').where({ submission_id: submission.id });
    expect(req).toMatchObject({
      channel_type: 'email',
      channel_value: 'privacy@spotify.com',
      channel_fact_id: email.id,
    });
    const isLetter = (m: (typeof sink.messages)[number]) =>
      !!m.parsed.subject?.includes(req.reference) && m.envelopeTo.includes('privacy@spotify.com');
    await sink.waitFor((all) => all.some(isLetter));
    const letters = sink.messages.filter(isLetter);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.parsed.text).toContain(body.requester.name);

    const stored = await waitFor(
      () =>
        ctx
          .db('request_deadlines')
          .where({ request_id: req.id })
          .first<{ regime: string; received_on: string; due: string } | undefined>(
            'regime',
            ctx.db.raw(`to_char(received_on, 'YYYY-MM-DD') as received_on`),
            ctx.db.raw(`to_char(due, 'YYYY-MM-DD') as due`),
          ),
      (row) => row !== undefined,
      'the deadline started',
    );
    if (!stored) throw new Error('no deadline stored');
    // GDPR Art. 12(3): one month from receipt, as the engine computes it for Germany
    const expected = computeDeadline({ jurisdiction: 'DE', right: 'access', received: stored.received_on });
    expect(stored).toMatchObject({ regime: expected.regime, due: expected.due });
    expect(expected.regime).toMatch(/GDPR/);
  });
});

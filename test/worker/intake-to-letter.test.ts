import request from 'supertest';
import { createIntakeContext, intakeBody } from '../factories/intake';
import type { TestContext } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';
import { waitUntil } from '../setup/wait';

describe('from the consumer form to the vendor inbox', () => {
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

  test('when a consumer files requests to two vendors and opens the verification link, then each vendor receives its letter and the deadlines start', async () => {
    const body = intakeBody({ rights: ['access'], vendors: ['sonos', 'ntt-sonority'] });
    const filed = await request(ctx.app).post('/api/requests').send(body);
    expect(filed.status).toBe(202);

    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(body.requester.email)));
    const mail = sink.messages.find((m) => m.envelopeTo.includes(body.requester.email))!;
    const token = /\/verify\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
    const verified = await request(ctx.app).post('/api/verify').send({ token });
    expect(verified.status).toBe(200);
    const bearer = { Authorization: `Bearer ${verified.body.access.token}` };

    const submission = await ctx.db('submissions').where({ public_id: filed.body.submission_id }).first('id');
    const requests = await ctx.db('requests').where({ submission_id: submission.id }).orderBy('id');
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      await sink.waitFor((all) => all.some((m) => m.parsed.subject?.includes(r.reference)));
      const toVendor = sink.messages.filter(
        (m) => m.parsed.subject?.includes(r.reference) && m.envelopeTo.includes(r.channel_value),
      );
      expect(toVendor).toHaveLength(1);
      expect(toVendor[0]!.parsed.text).toContain(body.requester.name);
    }
    await waitUntil(
      async () =>
        (
          await ctx.db('request_deadlines').whereIn(
            'request_id',
            requests.map((r) => r.id),
          )
        ).length === 2,
      'both deadlines started',
    );
    const statuses = await ctx
      .db('requests')
      .whereIn(
        'id',
        requests.map((r) => r.id),
      )
      .pluck('status');
    expect(statuses).toEqual(['sent', 'sent']);

    // the consumer sees the letter and downloads its PDF copy; a stranger's token finds nothing
    const mine = await request(ctx.app).get(`/api/requests/${requests[0].id}`).set(bearer);
    expect(mine.body.letters).toEqual([
      expect.objectContaining({
        purpose: 'request',
        channel_type: 'email',
        pdf_url: expect.stringMatching(new RegExp(`^/api/requests/${requests[0].id}/letters/\\d+/pdf$`)),
      }),
    ]);
    const pdf = await request(ctx.app)
      .get(mine.body.letters[0].pdf_url)
      .set(bearer)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const stranger = await request(ctx.app)
      .get(mine.body.letters[0].pdf_url)
      .set({ Authorization: `Bearer ${'x'.repeat(43)}` });
    expect(stranger.status).toBe(401);
  });
});

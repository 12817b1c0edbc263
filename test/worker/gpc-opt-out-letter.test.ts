import request from 'supertest';
import { createIntakeContext, intakeBody } from '../factories/intake';
import { registryVendor } from '../factories/vendors';
import { fixedClock, uniqueEmail, type TestContext } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';

/**
 * Global Privacy Control (issue #19): a consumer whose browser sends `Sec-GPC: 1` files an opt-out; the signal is
 * recorded with the submission as evidence, and the letter the vendor receives states it and cites the law that makes
 * it a valid opt-out (California: Civ. Code 1798.135 and 11 CCR 7025).
 */
describe('GPC capture and the opt-out letter', () => {
  let ctx: TestContext;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    ctx = createIntakeContext({ clock: fixedClock('2026-12-01T18:00:00Z') });
    ({ sink, stop: stopWorker } = await startWorkerWithSink(ctx.config, ctx.db));
  });
  afterAll(async () => {
    await stopWorker();
    await ctx.close();
  });

  /** Files an opt-out of sale to a vendor of the test's own (a unique address), verifies it, answers the letter. */
  async function optOutLetter(options: { header?: string; browser?: boolean; jurisdiction?: string }) {
    const vendorEmail = uniqueEmail('privacy');
    const vendor = await registryVendor(ctx.db, { name: 'Signal Test Shop', emails: [vendorEmail] });
    const body = intakeBody({
      jurisdiction: options.jurisdiction ?? 'US-CA',
      rights: ['opt_out_sale'],
      vendors: [vendor.slug],
      ...(options.browser === undefined ? {} : { global_privacy_control: options.browser }),
    });
    const post = request(ctx.app).post('/api/requests');
    if (options.header !== undefined) post.set('Sec-GPC', options.header);
    const filed = await post.send(body);
    expect(filed.status).toBe(202);
    const submission = await ctx.db('submissions').where({ public_id: filed.body.submission_id }).first('id', 'gpc');
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(body.requester.email)));
    const mail = sink.messages.find((m) => m.envelopeTo.includes(body.requester.email))!;
    const token = /\/verify\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')![1]!;
    expect((await request(ctx.app).post('/api/verify').send({ token })).status).toBe(200);
    await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(vendorEmail)));
    const letter = sink.messages.find((m) => m.envelopeTo.includes(vendorEmail))!;
    return { gpc: submission.gpc, text: letter.parsed.text ?? '', html: String(letter.parsed.html ?? '') };
  }

  test('when the browser sends Sec-GPC: 1, then the submission records it and the California letter states it with the law', async () => {
    const { gpc, text, html } = await optOutLetter({ header: '1', browser: true });
    expect(gpc).toEqual({ header: true, browser: true, recorded_at: '2026-12-01T18:00:00.000Z' });
    expect(text).toContain('sends the Global Privacy Control (GPC) signal (the Sec-GPC: 1 header)');
    expect(text).toContain('our portal recorded it on 1 December 2026');
    expect(text).toContain(
      'Under the California Consumer Privacy Act (Cal. Civ. Code § 1798.135(b)(1) and (e); Cal. Code Regs. tit. 11, § 7025), a business must treat that signal as a valid request to opt out.',
    );
    expect(html).toContain('Global Privacy Control');
  });

  test('when only the web client saw navigator.globalPrivacyControl, then that is what is recorded', async () => {
    const { gpc, text } = await optOutLetter({ browser: true });
    expect(gpc).toEqual({ header: false, browser: true, recorded_at: '2026-12-01T18:00:00.000Z' });
    expect(text).toContain('Global Privacy Control');
  });

  test('when the browser sends no signal (or Sec-GPC: 0), then nothing is recorded and the letter says nothing of GPC', async () => {
    for (const options of [{}, { header: '0', browser: false }]) {
      const { gpc, text } = await optOutLetter(options);
      expect(gpc).toBeNull();
      expect(text).not.toContain('Global Privacy Control');
    }
  });

  test('when the law of the consumer makes no such rule, then the letter states the signal without a legal claim', async () => {
    const { text } = await optOutLetter({ header: '1', jurisdiction: 'US-VA' });
    expect(text).toContain('sends the Global Privacy Control (GPC) signal');
    expect(text).not.toContain('a business must treat that signal');
  });
});

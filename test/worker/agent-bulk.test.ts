import request from 'supertest';
import { processBulkUpload } from '../../server/agents';
import {
  addPrincipal,
  AUTHORIZE_LINK,
  createAgentContext,
  signedInAgent,
  uploadAuthorization,
  type SignedInAgent,
} from '../factories/agents';
import { uniqueEmail, type TestContext } from '../setup/context';
import type { TestSink } from '../setup/smtp-sink';
import { startWorkerWithSink } from '../setup/worker';
import { waitFor } from '../setup/wait';

const HEADER =
  'principal_email,principal_name,jurisdiction,vendor,right,phone,address_line1,address_line2,city,region,postal_code,country,details';

describe('bulk uploads in the worker', () => {
  let ctx: TestContext;
  let sink: TestSink;
  let stopWorker: () => Promise<void>;
  let a: SignedInAgent;

  beforeAll(async () => {
    ctx = createAgentContext();
    ({ sink, stop: stopWorker } = await startWorkerWithSink(ctx.config, ctx.db));
    a = await signedInAgent(ctx.app, ctx.db);
  });
  afterAll(async () => {
    await stopWorker();
    await ctx.close();
  });

  const upload = (csv: string) =>
    a.http
      .post('/api/agent/bulk-uploads')
      .set('X-CSRF-Token', a.csrf)
      .attach('file', Buffer.from(csv, 'utf8'), 'rows.csv');
  const status = (id: number) => a.http.get(`/api/agent/bulk-uploads/${id}`).then((r) => r.body);

  test('when a CSV mixes good and bad rows, then good rows are filed or held, bad rows are reported per row, and held rows are filed once the principal confirms', async () => {
    const authorized = await addPrincipal(a);
    const upload1 = (await uploadAuthorization(a, authorized.id)).body;
    const newcomer = uniqueEmail('newcomer');
    const virginia = uniqueEmail('va');
    const csv = [
      HEADER,
      `${authorized.email},Ignored Name,US-CA,sonos,access,,,,,,,,Account 12345`, // 2: filed (the principal's stored name is used)
      `${authorized.email.toUpperCase()},X,US-CA,sonos,access,,,,,,,,`, // 3: same principal, vendor and right again
      `${newcomer},New Comer,US-CA,sonos,deletion,+1 555 0100,1 Main St,,Fresno,CA,93650,United States,`, // 4: held
      `${newcomer},New Comer,US-CA,sonos,access,,,,,,,,`, // 5: held (same principal: one email)
      'not-an-email,Bad Email,US-CA,sonos,access,,,,,,,,', // 6
      `${uniqueEmail('v')},Unknown Vendor,US-CA,no-such-vendor-xyz,access,,,,,,,,`, // 7
      `${uniqueEmail('nv')},Nevada,US-NV,sonos,deletion,,,,,,,,`, // 8: not a right in Nevada
      `${uniqueEmail('cells')},Short Row,US-CA`, // 9: too few cells
      `${uniqueEmail('addr')},Half Address,US-CA,sonos,access,,1 Road,,,CA,,,`, // 10: incomplete address
      `${virginia},Virginia,US-VA,sonos,access,,,,,,,,`, // 11: Virginia recognises no general agents
      `${uniqueEmail('f')},"=HYPERLINK(""x"")",US-CA,sonos,bogus_right,,,,,,,,`, // 12: unknown right
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(202);
    expect(res.body.rows_total).toBe(11);
    const id = res.body.id as number;

    const finished = await waitFor(
      () => status(id),
      (s) => s.status === 'done',
      'the upload done',
    );
    expect(finished).toMatchObject({
      rows_total: 11,
      rows_done: 11,
      rows_filed: 1,
      rows_failed: 8,
      rows_awaiting_authorization: 2,
    });

    const rows = await ctx.db('bulk_upload_rows').where({ upload_id: id }).orderBy('row_number');
    expect(rows.map((r) => [r.row_number, r.status])).toEqual([
      [2, 'filed'],
      [3, 'failed'],
      [4, 'awaiting_authorization'],
      [5, 'awaiting_authorization'],
      [6, 'failed'],
      [7, 'failed'],
      [8, 'failed'],
      [9, 'failed'],
      [10, 'failed'],
      [11, 'failed'],
      [12, 'failed'],
    ]);
    const filed = await ctx.db('requests').where({ id: rows[0].request_id }).first();
    expect(filed).toMatchObject({
      filed_by: 'agent',
      agent_account_id: a.account.id,
      principal_id: authorized.id,
      authorization_id: upload1.id,
      right: 'access',
    });
    const requester = await ctx.db('requesters').where({ id: filed.requester_id }).first();
    expect(requester.name).toBe(authorized.name);
    expect((await ctx.db('submissions').where({ id: filed.submission_id }).first()).details).toBe('Account 12345');

    const errorsCsv = await a.http.get(`/api/agent/bulk-uploads/${id}/errors.csv`);
    expect(errorsCsv.status).toBe(200);
    expect(errorsCsv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = errorsCsv.text.trim().split('\r\n');
    expect(lines[0]).toBe('row,column,message');
    const byRow = (n: number) => lines.filter((l) => l.startsWith(`${n},`));
    expect(byRow(3)[0]).toMatch(/^3,right,repeats row 2/);
    expect(byRow(6)[0]).toMatch(/^6,principal_email,/);
    expect(byRow(7)[0]).toMatch(/^7,vendor,.*unknown vendor/);
    expect(byRow(8)[0]).toMatch(/^8,right,.*not a right/);
    expect(byRow(9)[0]).toBe('9,,has 3 cells; the header row has 13');
    expect(
      byRow(10)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['city', 'country', 'postal_code']);
    expect(byRow(11)[0]).toMatch(/^11,right,.*authorized agent/);
    expect(byRow(12)[0]).toMatch(/^12,right,/);
    expect(lines.some((l) => l.startsWith('2,') || l.startsWith('4,') || l.startsWith('5,'))).toBe(false);

    // the newcomer is now a principal with ONE pending e-authorization, emailed once
    const principal = await ctx
      .db('principals')
      .where({ agent_account_id: a.account.id })
      .whereRaw('lower(email) = ?', [newcomer])
      .first();
    expect(principal).toMatchObject({ name: 'New Comer', phone: '+1 555 0100' });
    expect(await ctx.db('agent_authorizations').where({ principal_id: principal.id })).toEqual([
      expect.objectContaining({ state: 'pending', kind: 'e_authorization' }),
    ]);
    const mails = await sink.waitFor((all) => all.some((m) => m.envelopeTo.includes(newcomer)));
    expect(mails.filter((m) => m.envelopeTo.includes(newcomer))).toHaveLength(1);
    const token = AUTHORIZE_LINK.exec(mails.find((m) => m.envelopeTo.includes(newcomer))!.parsed.text ?? '')![1]!;
    // Virginia's row failed before any principal was created
    expect(await ctx.db('principals').whereRaw('lower(email) = ?', [virginia]).first()).toBeUndefined();

    // events: ids and counts only
    const events = await ctx.db('events').where({ subject_type: 'bulk_upload', subject_id: id }).orderBy('id');
    expect(events.map((e) => e.type)).toEqual([
      'bulk_upload_received',
      'bulk_upload_started',
      'bulk_batch_processed',
      'bulk_upload_processed',
    ]);
    expect(events[2].data).toMatchObject({ filed: 1, failed: 8, awaiting_authorization: 2, e_authorizations_sent: 1 });
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain(newcomer);
    const outbox = await ctx
      .db('outbox')
      .where({ job_name: 'process-bulk-upload' })
      .whereRaw("payload->>'uploadId' = ?", [String(id)]);
    expect(outbox.map((o) => o.payload)).toEqual([{ uploadId: id }]);

    // the principal confirms: the held rows are filed by the worker
    const confirmed = await request(ctx.app).post(`/api/authorizations/${token}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.held_rows_released).toBe(2);
    const after = await waitFor(
      () => status(id),
      (s) => s.status === 'done' && s.rows_awaiting_authorization === 0,
      'the upload done with no row awaiting authorization',
    );
    expect(after).toMatchObject({
      rows_total: 11,
      rows_done: 11,
      rows_filed: 3,
      rows_failed: 8,
      rows_awaiting_authorization: 0,
    });
    const held = await ctx.db('requests').where({ principal_id: principal.id }).orderBy('id');
    expect(held.map((r) => r.right).sort()).toEqual(['access', 'deletion']);
    for (const r of held) expect(r).toMatchObject({ filed_by: 'agent', authorization_id: confirmed.body.id });
    expect(
      await ctx.db('bulk_upload_rows').where({ upload_id: id, principal_id: principal.id }).pluck('status'),
    ).toEqual(['filed', 'filed']);
  });

  test('when CSV cells hold NUL, control characters, bidi overrides or line breaks, then those rows fail naming the column, and the others are filed', async () => {
    const p = await addPrincipal(a);
    await uploadAuthorization(a, p.id);
    const csv = [
      HEADER,
      `${p.email},Name,US-CA,sonos,access,,,,,,,,"two\nlines of details are fine"`, // 2: filed
      `${uniqueEmail('nul')},Nul\u0000Name,US-CA,sonos,access,,,,,,,,`, // 3
      `${uniqueEmail('bidi')},\u202Eevil,US-CA,sonos,access,,,,,,,,`, // 4
      `${uniqueEmail('crlf')},"Jane\r\nBcc: x@example.test",US-CA,sonos,access,,,,,,,,`, // 5
      `${uniqueEmail('ctl')},Ctl,US-CA,sonos,access,,1 Road\u0007,,Fresno,CA,93650,United States,`, // 6
    ].join('\n');
    const res = await upload(csv);
    expect(res.status).toBe(202);
    const id = res.body.id as number;
    await waitFor(
      () => status(id),
      (s) => s.status === 'done',
      'the upload done',
    );
    const rows = await ctx.db('bulk_upload_rows').where({ upload_id: id }).orderBy('row_number');
    expect(rows.map((r) => [r.row_number, r.status])).toEqual([
      [2, 'filed'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'failed'],
      [6, 'failed'],
    ]);
    expect(rows.slice(1).map((r) => r.errors.map((e: { column: string }) => e.column))).toEqual([
      ['principal_name'],
      ['principal_name'],
      ['principal_name'],
      ['address_line1'],
    ]);
    expect(rows[1].errors[0].message).toMatch(/NUL/);
    expect(rows[2].errors[0].message).toMatch(/bidirectional/);
    expect(rows[3].errors[0].message).toMatch(/single line/);
    expect(JSON.stringify(rows.map((r) => r.data))).not.toMatch(/\\u0000|\\u202e|\\u0007/i);
  });

  test('when a row names an email whose owner or another agent has an open request for the same thing, then the row is not refused and nothing of it is named', async () => {
    const email = uniqueEmail('stranger');
    const other = await signedInAgent(ctx.app, ctx.db);
    const theirs = await addPrincipal(other, { email });
    await uploadAuthorization(other, theirs.id);
    const filed = await other.http
      .post('/api/agent/requests')
      .set('X-CSRF-Token', other.csrf)
      .send({ principal_id: theirs.id, jurisdiction: 'US-CA', rights: ['access'], vendors: ['sonos'] });
    expect(filed.status).toBe(201);
    const reference = filed.body.requests[0].reference as string;
    const res = await upload([HEADER, `${email},Stranger,US-CA,sonos,access,,,,,,,,`].join('\n'));
    const id = res.body.id as number;
    await waitFor(
      () => status(id),
      (s) => s.status === 'done',
      'the upload done',
    );
    const [row] = await ctx.db('bulk_upload_rows').where({ upload_id: id });
    expect(row.status).toBe('awaiting_authorization');
    const errorsCsv = await a.http.get(`/api/agent/bulk-uploads/${id}/errors.csv`);
    expect(errorsCsv.text).not.toContain(reference);
    expect(JSON.stringify(row)).not.toContain(reference);
  });

  test("when an agent's request is dispatched by email, then the letter carries the agent block and the authorization goes with it as an attachment", async () => {
    const p = await addPrincipal(a);
    const auth = (await uploadAuthorization(a, p.id)).body;
    const res = await a.http
      .post('/api/agent/requests')
      .set('X-CSRF-Token', a.csrf)
      .send({ principal_id: p.id, jurisdiction: 'US-CA', rights: ['access'], vendors: ['sonos'] });
    expect(res.status).toBe(201);
    const { reference, id: requestId } = res.body.requests[0];
    const [mail] = await sink.waitFor((all) =>
      all.some((m) => (m.parsed.subject ?? '').includes(reference) || (m.parsed.text ?? '').includes(reference)),
    );
    const letter =
      sink.messages.find(
        (m) => m.envelopeTo.includes('privacy@sonos.com') && (m.parsed.text ?? '').includes(reference),
      ) ?? mail!;
    expect(letter.parsed.text).toContain('I am the authorized agent of');
    expect(letter.parsed.text).toContain(a.account.email);
    expect(letter.parsed.attachments).toHaveLength(1);
    expect(letter.parsed.attachments[0]).toMatchObject({
      filename: `authorization-${auth.id}.pdf`,
      contentType: 'application/pdf',
    });
    expect(letter.parsed.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');
    const queued = await ctx
      .db('events')
      .where({ subject_type: 'request', subject_id: requestId, type: 'letter_queued' })
      .first();
    expect(queued.data.attachment_document_ids).toHaveLength(1);
  });

  test('when an upload is processed in small batches, then each batch commits its rows and the totals are the same', async () => {
    const p = await addPrincipal(a);
    await uploadAuthorization(a, p.id);
    const vendors = ['sonos', 'sonos', 'sonos'];
    const rights = ['access', 'deletion', 'portability'];
    const data = [
      ...vendors.map((v, i) => ({
        principal_email: p.email,
        principal_name: p.name,
        jurisdiction: 'US-CA',
        vendor: v,
        right: rights[i],
      })),
      { principal_email: 'bad', principal_name: 'row', jurisdiction: 'US-CA', vendor: 'sonos', right: 'access' },
    ];
    // stored as the upload route stores them, but without its job: processed here, directly, in batches of two
    const [row] = await ctx
      .db('bulk_uploads')
      .insert({ agent_account_id: a.account.id, status: 'queued', rows_total: data.length, created_at: new Date() })
      .returning('id');
    const res = { body: { id: row.id as number } };
    await ctx
      .db('bulk_upload_rows')
      .insert(
        data.map((d, i) => ({ upload_id: res.body.id, row_number: i + 2, data: JSON.stringify(d), status: 'pending' })),
      );
    const outcome = await processBulkUpload({ config: ctx.config, db: ctx.db, clock: ctx.clock }, res.body.id, {
      batchSize: 2,
    });
    expect(outcome).toEqual({ kind: 'processed', rows: 4 });
    expect(await status(res.body.id)).toMatchObject({ status: 'done', rows_filed: 3, rows_failed: 1, rows_done: 4 });
    const batches = await ctx
      .db('events')
      .where({ subject_type: 'bulk_upload', subject_id: res.body.id, type: 'bulk_batch_processed' });
    expect(batches).toHaveLength(2);
  });
});

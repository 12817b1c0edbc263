import request from 'supertest';
import { queuePrefixOf } from '../../server/db';
import { closeQueues, createQueues } from '../../server/queue';
import { fixedClock } from '../../server/shared/clock';
import { createRequestRow } from '../factories/correspondence';
import { createTestContext, testConfig, unique, type TestContext } from '../setup/context';

/** One sample's value from the Prometheus text format (undefined when the series is absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(',') : [];
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  // a clock long before any other test file's rows: the time-dependent gauges count only what this file writes
  const clock = fixedClock('1990-01-01T12:00:00Z');
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ clock });
  });
  const outboxJobIds: string[] = [];
  afterAll(async () => {
    // the row is not a real job: no later test file's worker may relay it
    await ctx.db('outbox').whereIn('job_id', outboxJobIds).del();
    await ctx.close();
  });
  const scrape = async () => {
    const res = await request(ctx.app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    return res.text;
  };

  test('when requests were answered, then their counts and latencies are labelled by route template and status', async () => {
    const before = await scrape();
    const template = { method: 'GET', route: '/api/agent/requests/:id', status: '401' };
    for (const id of ['1', '2', '3'])
      expect((await request(ctx.app).get(`/api/agent/requests/${id}`)).status).toBe(401);
    await request(ctx.app).get(`/no/such/${unique('page')}`);
    const after = await scrape();

    expect(
      (sample(after, 'drp_http_requests_total', template) ?? 0) -
        (sample(before, 'drp_http_requests_total', template) ?? 0),
    ).toBe(3);
    expect(sample(after, 'drp_http_request_duration_seconds_count', template)).toBe(
      sample(after, 'drp_http_requests_total', template),
    );
    // raw URLs never become labels
    expect(after).not.toMatch(/route="\/api\/agent\/requests\/1"/);
    expect(after).not.toContain('/no/such/');
    expect(
      sample(after, 'drp_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' }),
    ).toBeGreaterThanOrEqual(1);
  });

  test('when work is waiting, then outbox lag and backlog, emails, stranded letters, deadlines and queue depths say so', async () => {
    const before = await scrape();
    // an outbox row due a minute ago, never relayed
    outboxJobIds.push(unique('job'));
    await ctx.db('outbox').insert({
      queue_prefix: queuePrefixOf(ctx.db),
      queue: 'mail',
      job_name: 'send-email',
      job_id: outboxJobIds[0]!,
      payload: '{}',
      created_at: '1990-01-01T11:59:00Z',
      available_at: '1990-01-01T11:59:00Z',
    });
    // an email to a vendor written an hour ago and still pending: stranded
    const { request: overdue } = await createRequestRow(ctx.db);
    await ctx.db('outbound_emails').insert({
      template: 'test',
      from_address: 'portal@example.test',
      to_address: 'privacy@sonos.com',
      subject: 's',
      text_body: 't',
      message_id: `<${unique('m')}@example.test>`,
      status: 'pending',
      related_type: 'request',
      related_id: overdue.id,
      created_at: '1990-01-01T11:00:00Z',
    });
    await ctx.db('requests').where({ id: overdue.id }).update({ due_on: '1989-12-20' });
    const { request: dueSoon } = await createRequestRow(ctx.db);
    await ctx.db('requests').where({ id: dueSoon.id }).update({ due_on: '1990-01-05' });
    const { request: closed } = await createRequestRow(ctx.db, { status: 'completed' });
    await ctx.db('requests').where({ id: closed.id }).update({ due_on: '1989-12-20' });
    const queues = createQueues(ctx.redis, ctx.config.queuePrefix);
    try {
      await queues.mail.add('send-email', { emailId: 1 }, { jobId: unique('w') });
      await queues.deadlines.add('deliver-milestone', { milestoneId: 1 }, { jobId: unique('d'), delay: 3600_000 });
    } finally {
      await closeQueues(queues);
    }

    const text = await scrape();

    expect(sample(text, 'drp_outbox_backlog')).toBe(1);
    expect(sample(text, 'drp_outbox_lag_seconds')).toBe(60);
    expect(sample(text, 'drp_letters_stranded')).toBe((sample(before, 'drp_letters_stranded') ?? 0) + 1);
    expect(sample(text, 'drp_emails_unsent', { status: 'pending' })).toBe(
      (sample(before, 'drp_emails_unsent', { status: 'pending' }) ?? 0) + 1,
    );
    expect(sample(text, 'drp_requests_overdue')).toBe((sample(before, 'drp_requests_overdue') ?? 0) + 1);
    expect(sample(text, 'drp_requests_due_soon')).toBe((sample(before, 'drp_requests_due_soon') ?? 0) + 1);
    expect(sample(text, 'drp_milestones_due')).toBe(0);
    expect(sample(text, 'drp_queue_jobs', { queue: 'mail', state: 'waiting' })).toBe(1);
    expect(sample(text, 'drp_queue_jobs', { queue: 'deadlines', state: 'delayed' })).toBe(1);
    expect(sample(text, 'drp_queue_jobs', { queue: 'imports', state: 'failed' })).toBe(0);
    expect(sample(text, 'drp_metrics_source_up', { source: 'postgres' })).toBe(1);
    expect(sample(text, 'drp_metrics_source_up', { source: 'redis' })).toBe(1);
  });
});

describe('GET /metrics with METRICS_TOKEN set', () => {
  const token = 'metrics-token-0123456789';
  let ctx: TestContext;
  beforeAll(() => {
    ctx = createTestContext({ config: testConfig({ METRICS_TOKEN: token }) });
  });
  afterAll(() => ctx.close());

  test('when the bearer token is missing or wrong, then 401 problem+json; with it, the metrics', async () => {
    const missing = await request(ctx.app).get('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await request(ctx.app).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(
      401,
    );
    const ok = await request(ctx.app).get('/metrics').set('Authorization', `Bearer ${token}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('drp_outbox_backlog');
  });
});

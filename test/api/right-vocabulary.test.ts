/**
 * One vocabulary of rights: every entry point (intake, preview, agent filing, bulk CSV, the compute API and the CLI)
 * accepts the same names and maps them the same way. "opt_out" in California is the CCPA sale opt-out, in Nevada the
 * NRS 603A opt-out, in Sweden the GDPR objection.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { processBulkUpload } from '../../server/agents';
import { bulkRowSchema } from '../../server/agents/bulk-csv';
import { computeDeadline, resolveRight, SUPPORTED_JURISDICTIONS } from '../../server/deadlines';
import { resolveRequiredField } from '../../server/mail/letter-data';
import { requiredFieldSlot, RIGHT_NAMES } from '../../server/shared/legal-vocabulary';
import {
  addPrincipal,
  createAgentContext,
  filingBody,
  signedInAgent,
  uploadAuthorization,
  type SignedInAgent,
} from '../factories/agents';
import { intakeBody } from '../factories/intake';
import type { TestContext } from '../setup/context';

const root = path.resolve(__dirname, '../..');
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      path.join(root, 'node_modules/.bin/tsx'),
      ['scripts/deadline.ts', ...args],
      { cwd: root },
    );
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const CASES = [
  ['US-CA', 'sonos', 'opt_out_sale'],
  ['US-NV', 'sony-headphones-connect', 'nevada_opt_out'],
] as const;

describe('one vocabulary of rights across every entry point', () => {
  let ctx: TestContext;
  let agent: SignedInAgent;
  let principalId: number;
  const startedAt = new Date();
  beforeAll(async () => {
    ctx = createAgentContext();
    agent = await signedInAgent(ctx.app, ctx.db);
    principalId = (
      await addPrincipal(agent, {
        address: { line1: '2 Agent Road', city: 'Reno', region: 'NV', postal_code: '89501', country: 'United States' },
      })
    ).id;
    expect((await uploadAuthorization(agent, principalId)).status).toBe(201);
  });
  afterAll(async () => {
    // no worker here: the jobs this file's filings queued must not land on the next file's worker
    await ctx.db('outbox').whereNull('relayed_at').where('created_at', '>=', startedAt).del();
    await ctx.close();
  });

  test('when the engine resolves a name, then computeDeadline gives the same right for every jurisdiction and name', () => {
    for (const j of SUPPORTED_JURISDICTIONS) {
      for (const name of RIGHT_NAMES) {
        const resolved = resolveRight(j, name);
        if (resolved.ok)
          expect(computeDeadline({ jurisdiction: j, right: name, received: '2025-03-03' }).right).toBe(resolved.right);
        else
          expect(() => computeDeadline({ jurisdiction: j, right: name, received: '2025-03-03' })).toThrow(
            resolved.message,
          );
      }
    }
  });

  test.each(CASES)(
    'when opt_out is asked in %s, then GET /api/deadlines/compute maps it like intake',
    async (jurisdiction, _vendor, right) => {
      const res = await request(ctx.app)
        .get('/api/deadlines/compute')
        .query({ jurisdiction, right: 'opt_out', received: '2025-03-03' });
      expect(res.status).toBe(200);
      expect(res.body.right).toBe(right);
    },
  );

  test.each(CASES)(
    'when opt_out is asked in %s, then npm run deadline maps it like intake',
    async (jurisdiction, _vendor, right) => {
      const { code, stdout } = await cli([
        '--jurisdiction',
        jurisdiction,
        '--right',
        'opt_out',
        '--received',
        '2025-03-03',
      ]);
      expect(code).toBe(0);
      expect(JSON.parse(stdout).right).toBe(right);
    },
  );

  test.each(CASES)(
    'when opt_out is asked in %s, then intake and preview plan the same right',
    async (jurisdiction, vendor, right) => {
      const body = intakeBody({
        jurisdiction,
        rights: ['opt_out'],
        vendors: [vendor],
        requester: {
          address: {
            line1: '1 Test Street',
            city: 'Reno',
            region: 'NV',
            postal_code: '89501',
            country: 'United States',
          },
        },
      });
      const preview = await request(ctx.app).post('/api/requests/preview').send(body);
      expect(preview.status).toBe(200);
      expect(preview.body.planned.map((p: { right: string }) => p.right)).toEqual([right]);
      const intake = await request(ctx.app).post('/api/requests').send(body);
      expect(intake.status).toBe(202);
      expect(intake.body.planned.map((p: { right: string }) => p.right)).toEqual([right]);
    },
  );

  test.each(CASES)(
    'when an agent files opt_out in %s, then the request stores the same right',
    async (jurisdiction, vendor, right) => {
      const res = await agent.http
        .post('/api/agent/requests')
        .set('X-CSRF-Token', agent.csrf)
        .send(filingBody(principalId, { jurisdiction, vendors: [vendor], rights: ['opt_out'] }));
      expect(res.status).toBeLessThan(300);
      expect(JSON.stringify(res.body)).toContain(`"${right}"`);
    },
  );

  test('when bulk CSV rows name opt_out, then the worker files the same rights', async () => {
    for (const name of RIGHT_NAMES) {
      const row = bulkRowSchema.safeParse({
        principal_email: 'p@example.test',
        principal_name: 'P',
        jurisdiction: 'US-NV',
        vendor: 'sonos',
        right: name,
      });
      expect(row.success).toBe(true);
    }
    const p = await addPrincipal(agent, {
      address: { line1: '3 Bulk Way', city: 'Reno', region: 'NV', postal_code: '89501', country: 'United States' },
    });
    expect((await uploadAuthorization(agent, p.id)).status).toBe(201);
    const address = {
      address_line1: '3 Bulk Way',
      city: 'Reno',
      region: 'NV',
      postal_code: '89501',
      country: 'United States',
    };
    const data = CASES.map(([jurisdiction, vendor]) => ({
      principal_email: p.email,
      principal_name: p.name,
      jurisdiction,
      vendor,
      right: 'opt_out',
      ...address,
    }));
    const [upload] = await ctx
      .db('bulk_uploads')
      .insert({ agent_account_id: agent.account.id, status: 'queued', rows_total: data.length, created_at: new Date() })
      .returning('id');
    await ctx
      .db('bulk_upload_rows')
      .insert(
        data.map((d, i) => ({ upload_id: upload.id, row_number: i + 2, data: JSON.stringify(d), status: 'pending' })),
      );
    expect(await processBulkUpload({ config: ctx.config, db: ctx.db, clock: ctx.clock }, upload.id)).toEqual({
      kind: 'processed',
      rows: 2,
    });
    const rights = await ctx
      .db('requests as r')
      .join('requesters as q', 'q.id', 'r.requester_id')
      .where('q.email', p.email)
      .orderBy('r.jurisdiction')
      .pluck('r.right');
    expect(rights).toEqual(CASES.map(([, , right]) => right));
  });

  test('when a name is unknown, then compute refuses it naming the right and listing opt_out among the names', async () => {
    const res = await request(ctx.app)
      .get('/api/deadlines/compute')
      .query({ jurisdiction: 'US-CA', right: 'optout', received: '2025-03-03' });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].field).toBe('right');
    expect(res.body.supported).toEqual(expect.arrayContaining(['opt_out', 'opt_out_sale']));
  });
});

describe('one table of required-field synonyms', () => {
  test('when a vendor requires "region" or "province", then the letter finds it where intake asked for it', () => {
    const requester = {
      name: 'A B',
      email: 'a@example.test',
      address: { line1: '1 St', city: 'Reno', region: 'NV', postal_code: '89501', country: 'United States' },
    };
    for (const field of ['region', 'state', 'province', 'nature_of_request', 'preferred_contact']) {
      expect(resolveRequiredField(field, requester)).toMatchObject({ field, standard: true });
      expect(requiredFieldSlot(field)).not.toBeNull();
    }
    expect(resolveRequiredField('account_id', requester)).toBeNull();
  });
});

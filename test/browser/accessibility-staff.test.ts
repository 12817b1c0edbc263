import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import { intakeBody, storedVerificationToken } from '../factories/intake';
import { auditor } from './audit';
import { postJson, signInPage, useBrowserPortal } from './harness';

jest.setTimeout(180_000);

/** Issue #8 for the staff pages: see audit.ts. */
describe('browser: every staff page is accessible', () => {
  const env = useBrowserPortal();
  const post = (path: string, body: unknown) => postJson(env.portal, path, body);

  test('when staff use their pages, then none has a serious or critical axe violation and focus is always visible', async () => {
    const { rec, audit } = auditor(() => env.portal, 'staff');
    const filed = await post('/api/requests', intakeBody({ vendors: ['sonos'], rights: ['access', 'deletion'] }));
    await post('/api/verify', { token: await storedVerificationToken(env.portal, filed.submission_id as string) });
    const req = await env.portal
      .db('requests as r')
      .join('submissions as s', 's.id', 'r.submission_id')
      .where('s.public_id', filed.submission_id as string)
      .first('r.id');
    const staff = await createAccountWithPassword(env.portal.db, 'staff');

    const context = await env.newContext();
    const page = await context.newPage();
    rec.watch(page);
    await signInPage(page, staff.email, TEST_PASSWORD, /\/staff$/);
    await audit(page, '/staff', 'queue', (p) => p.getByRole('heading', { name: 'Request queue' }).waitFor());
    await page.getByText('Filters', { exact: true }).click();
    await audit(page, null, 'queue-filters-open');
    await audit(page, `/staff/requests/${req.id}`, 'request-detail', (p) =>
      p.getByRole('form', { name: "Record the vendor's response" }).or(p.locator('form.card')).first().waitFor(),
    );
    const form = page
      .getByRole('form')
      .filter({ has: page.getByRole('button') })
      .first();
    await form.getByRole('button').last().click();
    await page.locator('.error-summary').first().waitFor();
    await audit(page, null, 'request-detail-errors');
    await audit(page, '/staff/requests/999999999', 'request-detail-unknown');
    await audit(page, '/staff/dashboard', 'dashboard', (p) =>
      p.getByRole('heading', { name: 'On-time rate' }).waitFor(),
    );
    await audit(page, '/staff/registry', 'registry', (p) =>
      p.getByRole('heading', { name: 'Facts awaiting a decision' }).waitFor(),
    );
    await audit(page, '/staff/registry/sonos', 'registry-vendor', (p) =>
      p.getByRole('heading', { name: 'Sonos, Inc.: published facts' }).waitFor(),
    );
    await audit(page, '/agent', 'staff-on-agent-page');
    await audit(page, '/staff/mail', 'mail', (p) =>
      p.getByRole('heading', { name: 'Captured mail (development)' }).waitFor(),
    );
    await env.portal.db('inbound_messages').insert({
      kind: 'reply',
      from_address: 'support@tickets.example',
      envelope_to: ['someone@portal.localhost'],
      subject: 'Ticket #1 updated',
      text_body: 'Please send us a copy of your ID.',
      html_body: '<p>Please send us a copy of your <b>ID</b>.</p>',
      size_bytes: 10,
      received_at: new Date(),
    });
    await audit(page, '/staff/mail/unmatched', 'unmatched-mail', (p) =>
      p.getByRole('heading', { name: 'Unmatched mail' }).waitFor(),
    );
    await page.getByRole('button', { name: 'Read and attach' }).first().click();
    await page.getByRole('button', { name: 'Attach' }).first().waitFor();
    await audit(page, null, 'unmatched-mail-open');
    await audit(page, '/staff/replies', 'reply-settings', (p) =>
      p.getByRole('heading', { name: 'Apply automatically' }).waitFor(),
    );

    expect(rec.problems).toEqual({});
    await context.close();
  });
});

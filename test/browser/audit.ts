import type { Page } from 'playwright-core';
import request from 'supertest';
import { createAccountWithPassword, TEST_PASSWORD } from '../factories/accounts';
import type { SignedInAgent } from '../factories/agents';
import { axeProblems, focusProblems, journey, type Portal } from './harness';

/**
 * Issue #8: every page the client routes to has no serious or critical axe violation, and every control reached with
 * Tab shows a visible focus indicator. One file per role (accessibility-*.test.ts), so the three run in parallel; each
 * visits its role's pages and fails with every problem found, by page.
 */

/** A signed-in API client for an agent account (supertest against the running portal). */
export async function apiAgent(portal: Portal): Promise<SignedInAgent> {
  const account = await createAccountWithPassword(portal.db, 'agent', { verified: true });
  const http = request.agent(portal.url);
  const { body } = await http.get('/api/auth/csrf');
  const login = await http
    .post('/api/auth/login')
    .set('X-CSRF-Token', body.csrf_token)
    .send({ email: account.email, password: TEST_PASSWORD });
  if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${login.text}`);
  return { account, http, csrf: login.body.csrf_token as string };
}

/** Opens a page, waits for its heading and data, then records axe and focus problems under its label. */
export function auditor(portal: () => Portal, name: string) {
  const rec = journey(`a11y-${name}`);
  return {
    rec,
    async audit(
      page: Page,
      path: string | null,
      label: string,
      ready?: (page: Page) => Promise<unknown>,
    ): Promise<void> {
      const base = portal().url;
      if (path) await page.goto(path);
      try {
        await page.locator('main h1').first().waitFor({ timeout: 10_000 });
        if (ready) await ready(page);
      } catch (e) {
        await rec.screenshot(page, `${label}-not-ready`);
        rec.problems[`${label} (${page.url().replace(base, '')})`] = [
          `the page did not get ready: ${(e as Error).message.split('\n')[0]}`,
        ];
        return;
      }
      await page.waitForLoadState('networkidle').catch(() => undefined);
      await page
        .waitForFunction(
          `!document.querySelector('main [role="status"]')?.textContent?.startsWith('Loading')`,
          undefined,
          { timeout: 10_000 },
        )
        .catch(() => undefined);
      await rec.screenshot(page, label);
      const found = [...(await axeProblems(page)), ...(await focusProblems(page))];
      if (found.length) rec.problems[`${label} (${page.url().replace(base, '')})`] = found;
    },
  };
}

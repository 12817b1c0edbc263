import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractPolicy, factKey, listFacts } from '../../server/vendors/extract/index';
import { applyReview, staleDecisionKeys, type ReviewDecisions } from '../../server/vendors/review';
import { loadSeedRegistry } from '../../server/vendors/seed-registry';

const POLICY = [
  'Privacy Policy',
  'Last updated: March 1, 2024',
  'Gamma Sound LLC ("we") collects personal information and uses cookies.',
  'You have the right to access and delete your personal information. Email privacy@gamma.test to exercise your rights.',
  'We will respond to your request within 45 days.',
].join('\n\n');

const by = { reviewer: 'alice', decided_at: '2025-01-01T00:00:00Z' };

describe('applyReview', () => {
  const extraction = extractPolicy(POLICY);
  const keys = listFacts(extraction).map(factKey);

  it('when facts are approved, edited, rejected or undecided, then each gets the right status', () => {
    const decisions: ReviewDecisions = {
      'channel:email:privacy@gamma.test': { decision: 'approve', ...by },
      'deadline:45:calendar:access+deletion:any': {
        decision: 'edit',
        edited_value: '45 calendar days from receipt',
        ...by,
      },
      'right:access:any': { decision: 'reject', reason: 'test', ...by },
    };
    expect(keys).toEqual(expect.arrayContaining(Object.keys(decisions)));
    const published = applyReview(extraction, decisions);
    const status = Object.fromEntries(published.map((p) => [p.key, p.status]));
    expect(status['channel:email:privacy@gamma.test']).toBe('approved');
    expect(status['deadline:45:calendar:access+deletion:any']).toBe('edited');
    expect(published.find((p) => p.status === 'edited')?.edited_value).toBe('45 calendar days from receipt');
    expect(status['right:access:any']).toBeUndefined();
    expect(status['right:deletion:any']).toBe('draft');
    expect(published).toHaveLength(keys.length - 1);
  });

  it('when there are no decisions, then every fact is published as a draft', () => {
    expect(applyReview(extraction, {}).every((p) => p.status === 'draft')).toBe(true);
  });

  it('when the policy text moves but the facts stay, then earlier decisions still apply', () => {
    const decisions: ReviewDecisions = { 'channel:email:privacy@gamma.test': { decision: 'approve', ...by } };
    const moved = extractPolicy(
      `${POLICY.replace('Privacy Policy', 'Privacy Policy\n\nA new introduction paragraph.')}`,
    );
    expect(applyReview(moved, decisions).find((p) => p.key === 'channel:email:privacy@gamma.test')?.status).toBe(
      'approved',
    );
    expect(staleDecisionKeys(moved, decisions)).toEqual([]);
  });

  it('when a fact changes, then its old decision is reported as stale', () => {
    const decisions: ReviewDecisions = { 'channel:email:privacy@gamma.test': { decision: 'approve', ...by } };
    const changed = extractPolicy(POLICY.replace('privacy@gamma.test', 'dpo@gamma.test'));
    expect(staleDecisionKeys(changed, decisions)).toEqual(['channel:email:privacy@gamma.test']);
  });
});

describe('loadSeedRegistry', () => {
  const vendors = loadSeedRegistry();
  const review = JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', 'seeds', 'registry-review.json'), 'utf8'),
  ) as Record<string, ReviewDecisions>;

  it('when loaded, then the five seed vendors come back with hashes and extractions', () => {
    expect(vendors.map((v) => v.slug)).toEqual([
      'ntt-communications',
      'ntt-sonority',
      'sonos',
      'sony-headphones-connect',
      'sony-network-communications-nordics',
    ]);
    for (const v of vendors) {
      expect(v.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(v.file).toBe(`seeds/policies/${v.slug}.txt`);
      expect(v.extraction.input_warnings).toEqual([]);
    }
  });

  it('when the staff review is applied, then every seed fact has a decision and none is left as a draft', () => {
    for (const v of vendors) {
      expect(staleDecisionKeys(v.extraction, review[v.slug] ?? {})).toEqual([]);
      expect(v.published.filter((p) => p.status === 'draft')).toEqual([]);
    }
  });

  it('when a fact was rejected in review, then it is not published', () => {
    const nordics = vendors.find((v) => v.slug === 'sony-network-communications-nordics');
    const rejected = Object.entries(review['sony-network-communications-nordics'] ?? {}).filter(
      ([, d]) => d.decision === 'reject',
    );
    expect(rejected.length).toBeGreaterThan(0);
    for (const [key] of rejected) expect(nordics?.published.some((p) => p.key === key)).toBe(false);
    expect(nordics?.published.some((p) => p.status === 'edited')).toBe(true);
  });

  it('when every decision is read, then it has a reviewer, a timestamp and a known decision', () => {
    for (const decisions of Object.values(review)) {
      for (const d of Object.values(decisions)) {
        expect(['approve', 'edit', 'reject']).toContain(d.decision);
        expect(d.reviewer).toBeTruthy();
        expect(Number.isNaN(Date.parse(d.decided_at))).toBe(false);
        if (d.decision !== 'approve') expect(d.reason).toBeTruthy();
      }
    }
  });
});

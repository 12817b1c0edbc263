/**
 * "The law requires" only for the law. For every seed vendor (with its published promises), every supported
 * jurisdiction and every right there, the vendor letter, the "request sent" email, the overdue notice and the automatic
 * follow-up say what each date is: a date introduced as the law's is the statute's own deadline; a company's promise is
 * named as its promise; where the law says only "without delay" (APPI) no date is called a legal deadline; and the
 * regulator complaint is offered, threatened or drafted only once a legal deadline has passed.
 */
import { letterDeadline } from '../../server/correspondence/letter-data';
import {
  addCalendarDays,
  computeDeadline,
  RULES,
  dueStatement,
  legalDeadlinePassed,
  milestonesFor,
  planMilestoneMails,
  rightsAvailable,
  vendorPromisesFrom,
  type Deadline,
} from '../../server/deadlines';
import { letterCombinations, renderLetter, renderTemplate, sampleLetterData } from '../../server/mail';
import { loadSeedRegistry, type DeadlineFact } from '../../server/vendors';
import { testConfig } from '../setup/context';

const config = testConfig();
const fmt = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
const LAW_DATE = /The law requires (?:your response|a response|one) by (\d{1,2} [A-Z][a-z]+ \d{4})/g;
const vendors = loadSeedRegistry().map((v) => ({
  slug: v.slug,
  name: v.slug,
  promises: vendorPromisesFrom(
    v.slug,
    v.published.filter((f) => f.family === 'deadline').map((f) => f.fact as DeadlineFact),
  ),
}));
const letters = new Set(letterCombinations().map((c) => `${c.right}|${c.regime}`));

function requestSent(d: Deadline, vendorName: string) {
  const s = dueStatement(d);
  return renderTemplate('consumer_request_sent', {
    consumer_name: 'Yamada Taro',
    reference: 'DR-2026-000123',
    vendor_name: vendorName,
    channel: 'email',
    sent_at: d.received,
    due: d.due,
    due_kind: s.kind,
    citation: s.citation,
    legal_due: s.legal_due,
    legal_citation: s.legal_citation,
    letter_subject: 'Request',
    letter_text: 'Letter',
    request_url: 'https://portal.example/requests/1',
  }).text;
}
function milestone(d: Deadline, kind: 'overdue' | 'escalation', today: string) {
  return planMilestoneMails(
    {
      kind,
      today,
      deadline: d,
      request: {
        reference: 'DR-2026-000123',
        right: d.right,
        jurisdiction: d.jurisdiction,
        vendor_name: 'Vendor',
        channel_type: 'email',
        channel_value: 'privacy@vendor.example',
      },
      requester: { name: 'Yamada Taro', email: 'taro@example.test', phone: null, address: null, erased_at: null },
    },
    config,
  );
}
/** Every date a text calls the law's must be the statute's own deadline, and none where the law sets no period. */
function expectLawDatesTrue(text: string, d: Deadline) {
  const s = dueStatement(d);
  for (const m of text.matchAll(LAW_DATE)) {
    expect(s.legal_due).not.toBeNull();
    expect(m[1]).toBe(fmt(s.legal_due!));
  }
}

describe('every seed vendor × jurisdiction × right: each date names what it is', () => {
  // one jurisdiction per regime (each regime's rows share their response times), plus where the seed vendors make promises
  const perRegime = [...new Map(RULES.map((r) => [r.regime, r.jurisdictions[0]!])).values()];
  const jurisdictions = [...new Set([...perRegime, 'US-CA', 'US-NV', 'SE', 'GB', 'JP', 'DE'])];
  const cases = vendors.flatMap((v) =>
    jurisdictions.flatMap((j) => rightsAvailable(j).map((right) => ({ v, j, right }))),
  );

  test('when the texts are rendered, then the law is only quoted for its own deadline, and complaints wait for it', () => {
    let promises = 0;
    let followUps = 0;
    const seen = new Set<string>();
    for (const { v, j, right } of cases) {
      const d = computeDeadline({ jurisdiction: j, right, received: '2026-12-05', vendorPromises: v.promises });
      const s = dueStatement(d);
      const key = `${d.regime}|${d.right}|${s.kind}|${d.due}|${s.legal_due}`;
      if (seen.has(key)) continue; // the same statement already checked (another vendor without a promise here)
      seen.add(key);
      if (s.kind === 'promise') promises++;
      if (s.kind === 'follow_up') followUps++;
      if (s.kind === 'statute') expect(d.due).toBe(s.legal_due);

      const sent = requestSent(d, v.name);
      expectLawDatesTrue(sent, d);
      if (s.kind === 'promise') expect(sent).toContain(`own privacy policy promises a response by ${fmt(d.due)}`);

      if (letters.has(`${d.right}|${d.regime}`)) {
        const letter = renderLetter({ ...sampleLetterData(d.right, d.regime), deadline: letterDeadline(d, true) }).text;
        expectLawDatesTrue(letter, d);
        expect(letter).not.toMatch(/must respond by/);
        if (s.kind === 'promise') expect(letter).toContain(`please respond by ${fmt(d.due)}, as you promise`);
        if (s.kind === 'follow_up') expect(letter).toContain('The law requires you to respond without delay');
      }

      const overdueDay = addCalendarDays(d.due, 1);
      const overdue = milestone(d, 'overdue', overdueDay);
      if ('mails' in overdue) {
        const text = overdue.mails[0]!.rendered.text;
        expectLawDatesTrue(text, d);
        expect(text.includes('Complain to the regulator')).toBe(legalDeadlinePassed(d, overdueDay));
      }
      if (!letters.has(`${d.right}|${d.regime}`)) continue; // no letter, no request to follow up
      const escalationDay = milestonesFor(d).find((m) => m.kind === 'escalation')!.at;
      const escalation = milestone(d, 'escalation', escalationDay);
      if ('mails' in escalation) {
        const passed = legalDeadlinePassed(d, escalationDay);
        // the automatic escalation comes after the law's deadline wherever the law sets one
        expect(passed).toBe(s.legal_due !== null);
        expect(escalation.mails.map((m) => m.template)).toEqual(
          passed ? ['vendor_follow_up', 'regulator_complaint_draft'] : ['vendor_follow_up'],
        );
        const followUp = escalation.mails[0]!.rendered.text;
        expect(followUp.includes('a complaint will be filed')).toBe(passed);
        if (s.kind === 'follow_up') expect(followUp).not.toMatch(/expired/);
      }
    }
    expect(promises).toBeGreaterThan(0);
    expect(followUps).toBeGreaterThan(0);
  });

  test('when Sonos is asked in California, then its 4 January promise is its promise and 19 January is the law', () => {
    const sonos = vendors.find((v) => v.slug === 'sonos')!;
    const d = computeDeadline({
      jurisdiction: 'US-CA',
      right: 'access',
      received: '2026-12-05',
      vendorPromises: sonos.promises,
    });
    const sent = requestSent(d, 'Sonos, Inc.');
    expect(sent).toContain("Sonos, Inc.'s own privacy policy promises a response by 4 January 2027");
    expect(sent).toContain('the law requires one by 19 January 2027');
    expect(sent).not.toContain('The law requires a response by 4 January 2027');
    const reminder = planMilestoneMails(
      {
        kind: 'due',
        today: d.due,
        deadline: d,
        request: {
          reference: 'DR-2026-000123',
          right: d.right,
          jurisdiction: d.jurisdiction,
          vendor_name: 'Sonos, Inc.',
          channel_type: 'email',
          channel_value: 'privacy@sonos.com',
        },
        requester: { name: 'Jane Doe', email: 'jane@example.test', phone: null, address: null, erased_at: null },
      },
      config,
    );
    const text = 'mails' in reminder ? reminder.mails[0]!.rendered.text : '';
    expect(text).toContain('The response date the company promised in its privacy policy');
    expect(text).toContain("The law's own deadline is 19 January 2027");
  });

  test('when NTT Communications is asked in Japan, then 21 December is the follow-up point, never a legal deadline', () => {
    const ntt = vendors.find((v) => v.slug === 'ntt-communications')!;
    const d = computeDeadline({
      jurisdiction: 'JP',
      right: 'access',
      received: '2026-12-07',
      vendorPromises: ntt.promises,
    });
    expect(d.due).toBe('2026-12-21');
    const sent = requestSent(d, 'NTT Communications');
    expect(sent).toContain('The law requires a response without delay but sets no fixed period');
    expect(sent).toContain('if there is none by 21 December 2026, we will follow up');
    const letter = renderLetter({ ...sampleLetterData('access', 'APPI'), deadline: letterDeadline(d, true) }).text;
    expect(letter).not.toMatch(/must respond by|requires your response by/);
    expect(letter).toContain('If we have not received your response by 21 December 2026');
  });

  test('when a letter goes by post, then it states the rule and no date the deadline could contradict', () => {
    const d = computeDeadline({ jurisdiction: 'US-NV', right: 'nevada_opt_out', received: '2026-12-05' });
    const letter = renderLetter({
      ...sampleLetterData('nevada_opt_out', 'NV_603A', { postalOnly: true }),
      deadline: letterDeadline(d, false),
    }).text;
    expect(letter).toContain('The law requires your response within 60 calendar days of receiving this letter');
    expect(letter).not.toMatch(/\d{1,2} [A-Z][a-z]+ 2027/);
  });
});

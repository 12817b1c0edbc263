/**
 * Sample data for every template: the staff preview renders these, and the tests render every
 * template and every right × regime letter from them. Deadlines here are illustrative; real ones come
 * from the deadline engine.
 */
import { addCalendarDays } from '../shared/dates';
import { letterTemplateFor, type LetterData, type Regime, type RightCode } from './letter-data';
import type { TemplateData, TemplateName } from './templates';

const DEADLINES: Record<Regime, { days: number; basis_text: string; citation: string; jurisdiction: string }> = {
  CCPA: {
    days: 45,
    basis_text: '45 calendar days from receipt',
    citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    jurisdiction: 'US-CA',
  },
  CA_SHINE_THE_LIGHT: {
    days: 30,
    basis_text: '30 days from receipt',
    citation: 'Cal. Civ. Code § 1798.83',
    jurisdiction: 'US-CA',
  },
  GDPR: { days: 30, basis_text: 'one month from receipt', citation: 'GDPR Art. 12(3)', jurisdiction: 'SE' },
  UK_GDPR: { days: 30, basis_text: 'one month from receipt', citation: 'UK GDPR Art. 12(3)', jurisdiction: 'GB' },
  VA_CDPA: { days: 45, basis_text: '45 days from receipt', citation: 'Va. Code § 59.1-577(B)', jurisdiction: 'US-VA' },
  CO_CPA: { days: 45, basis_text: '45 days from receipt', citation: 'C.R.S. § 6-1-1306(2)', jurisdiction: 'US-CO' },
  CT_DPA: {
    days: 45,
    basis_text: '45 days from receipt',
    citation: 'Conn. Gen. Stat. § 42-518(c)',
    jurisdiction: 'US-CT',
  },
  UT_UCPA: { days: 45, basis_text: '45 days from receipt', citation: 'Utah Code § 13-61-203', jurisdiction: 'US-UT' },
  TX_DPSA: {
    days: 45,
    basis_text: '45 days from receipt',
    citation: 'Tex. Bus. & Com. Code § 541.052',
    jurisdiction: 'US-TX',
  },
  OR_OCPA: { days: 45, basis_text: '45 days from receipt', citation: 'ORS 646A.576', jurisdiction: 'US-OR' },
  IA_ICDPA: { days: 90, basis_text: '90 days from receipt', citation: 'Iowa Code § 715D.4', jurisdiction: 'US-IA' },
  NV_603A: { days: 60, basis_text: '60 days from receipt', citation: 'NRS 603A.345(3)', jurisdiction: 'US-NV' },
  US_STATE_OTHER: { days: 45, basis_text: '45 days from receipt', citation: 'state law', jurisdiction: 'US-MT' },
  PIPEDA: { days: 30, basis_text: '30 days from receipt', citation: 'PIPEDA s. 8(3)', jurisdiction: 'CA' },
  QC_LAW25: { days: 30, basis_text: '30 days from receipt', citation: 'CQLR c. P-39.1, s. 32', jurisdiction: 'CA-QC' },
  LGPD: { days: 15, basis_text: '15 days from the request', citation: 'LGPD Art. 19, II', jurisdiction: 'BR' },
  APPI: {
    days: 14,
    basis_text: 'two weeks from the day the request reached you',
    citation: 'APPI Art. 39',
    jurisdiction: 'JP',
  },
};

const LETTER_DATE = '2025-03-01';

const SAMPLE_AGENT = {
  name: 'Alex Rivera',
  organisation: 'Privacy Rights Agents LLC',
  email: 'alex@privacyrightsagents.example',
  authorization: { kind: 'signed_upload' as const, dated: '2025-02-20' },
};

const SAMPLE_CORRECTIONS = [
  { field: 'Postal address', current: '12 Old Road, Springfield', corrected: '221 Elm Street, Springfield' },
  { field: 'Date of birth', current: '1 January 1980', corrected: '10 January 1980' },
];

export interface SampleLetterOptions {
  agent?: boolean;
  /** vendor reachable only by post (exercises the postal reply instruction) */
  postalOnly?: boolean;
  requiredSubjectLine?: string | null;
  requesterName?: string;
}

/** A complete letter for any supported right × regime; throws UnsupportedLetterError otherwise. */
export function sampleLetterData(right: RightCode, regime: Regime, opts: SampleLetterOptions = {}): LetterData {
  const template = letterTemplateFor(right, regime);
  const dl = DEADLINES[regime];
  const subjectLine =
    opts.requiredSubjectLine !== undefined
      ? opts.requiredSubjectLine
      : regime === 'NV_603A'
        ? 'Your Nevada Rights – Headphones Connect'
        : null;
  return {
    reference: 'DR-2026-000123',
    right,
    regime,
    jurisdiction: dl.jurisdiction,
    vendor: {
      name: 'Example Audio',
      legal_entity: 'Example Audio Inc.',
      ...(opts.postalOnly ? {} : { email: 'privacy@example-audio.example' }),
      postal_address: 'Attn: Privacy Office\n100 Market Street\nSan Francisco, CA 94105\nUnited States',
      required_subject_line: subjectLine,
      required_fields: ['name', 'email', 'mailing_address', 'zip_code', 'account_id'],
    },
    requester: {
      name: opts.requesterName ?? 'Jane Doe',
      email: 'jane.doe@example.com',
      phone: '+1 415 555 0100',
      address: {
        line1: '221 Elm Street',
        city: 'Springfield',
        region: 'CA',
        postal_code: '94110',
        country: 'United States',
      },
      identifiers: { account_id: 'EA-778812' },
    },
    ...(opts.agent ? { agent: SAMPLE_AGENT } : {}),
    ...(template === 'correction' ? { corrections: SAMPLE_CORRECTIONS } : {}),
    ...(template === 'appeal'
      ? { details: 'Your reply of 20 February 2025 refused the request without giving any reason or exemption.' }
      : {}),
    ...(template === 'objection' ? { details: 'The use of my listening history to build advertising profiles.' } : {}),
    deadline:
      regime === 'APPI'
        ? {
            kind: 'follow_up' as const,
            due: addCalendarDays(LETTER_DATE, dl.days),
            period: '14 days',
            basis_text: dl.basis_text,
            citation: dl.citation,
            legal_due: null,
            legal_period: null,
            legal_citation: 'APPI Arts. 33-35 ("without delay")',
          }
        : {
            kind: 'statute' as const,
            due: opts.postalOnly ? null : addCalendarDays(LETTER_DATE, dl.days),
            period: dl.basis_text.replace(/ from (receipt|the request)$/, ''),
            basis_text: dl.basis_text,
            citation: dl.citation,
            legal_due: opts.postalOnly ? null : addCalendarDays(LETTER_DATE, dl.days),
            legal_period: dl.basis_text.replace(/ from (receipt|the request)$/, ''),
            legal_citation: dl.citation,
          },
    date: LETTER_DATE,
  };
}

const EXPIRES = '2025-03-02T12:00:00Z';
const REQUEST_URL = 'https://portal.example/requests/DR-2026-000123';

export const SAMPLE_DATA: { [N in TemplateName]: TemplateData<N> } = {
  access: sampleLetterData('access', 'CCPA'),
  deletion: sampleLetterData('deletion', 'GDPR', { agent: true }),
  correction: { ...sampleLetterData('correction', 'CCPA'), corrections: SAMPLE_CORRECTIONS },
  opt_out: sampleLetterData('opt_out_sale', 'VA_CDPA'),
  portability: sampleLetterData('portability', 'UK_GDPR', { postalOnly: true }),
  objection: sampleLetterData('objection', 'GDPR'),
  appeal: {
    ...sampleLetterData('appeal', 'CO_CPA'),
    details: 'Your reply of 20 February 2025 refused deletion without reasons.',
  },
  shine_the_light: sampleLetterData('shine_the_light', 'CA_SHINE_THE_LIGHT'),
  nevada_opt_out: sampleLetterData('opt_out_sale', 'NV_603A'),
  vendor_follow_up: {
    ...sampleLetterData('access', 'CCPA'),
    date: '2025-04-20',
    original_date: LETTER_DATE,
    legal_deadline_passed: true,
    regulator_code: 'us_ca_cppa',
  },
  consumer_verify: {
    consumer_name: 'Jane Doe',
    verify_url: 'https://portal.example/verify/abc123',
    expires_at: EXPIRES,
    requests: [
      { vendor_name: 'Example Audio', rights: ['access', 'deletion'] },
      { vendor_name: 'Example Games', rights: ['access'] },
    ],
    warnings: [
      { vendor_name: 'Example Audio', message: 'If you delete your account, your products will stop working.' },
    ],
    duplicates: [
      { reference: 'DR-2026-000123', vendor_name: 'Example Games', right: 'access', filed_on: '2025-02-20' },
    ],
  },
  consumer_request_sent: {
    consumer_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    channel: 'email',
    sent_at: LETTER_DATE,
    due: '2025-04-15',
    due_kind: 'statute',
    citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    legal_due: '2025-04-15',
    legal_citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    letter_subject: 'Request to access personal information [DR-2026-000123]',
    letter_text:
      'Example Audio\nBy email: privacy@example-audio.example\n\nDear Privacy Team,\n\nThis is a request for access.',
    request_url: REQUEST_URL,
  },
  consumer_vendor_replied: {
    consumer_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    received_at: '2025-03-10T09:30:00Z',
    excerpt: 'Thank you for your request. We have verified your identity and…',
    request_url: REQUEST_URL,
  },
  consumer_reply_explained: {
    consumer_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    headline: 'Example Audio asked for proof of identity',
    paragraphs: [
      'Example Audio needs to confirm that the request comes from you before it answers. It asked for: a copy of a government-issued ID.',
      'Answer on your request page: write a short answer and attach the document. We send it to Example Audio in the same thread.',
    ],
    action_label: 'Answer Example Audio',
    action_url: `${REQUEST_URL}#answer`,
    request_url: REQUEST_URL,
  },
  consumer_drp_verification: {
    consumer_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    verification_url: 'https://privacy.example-audio.example/verify/c789ff35?request_id=c789ff35',
    request_url: REQUEST_URL,
  },
  consumer_extension_announced: {
    consumer_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    original_due: '2025-04-15',
    extended_due: '2025-05-30',
    basis_text: 'a further 45 calendar days on notice',
    citation: 'Cal. Civ. Code § 1798.130(a)(2)(A)',
    vendor_reason: 'The volume of requests received.',
    request_url: REQUEST_URL,
  },
  consumer_overdue: {
    consumer_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    due: '2025-04-15',
    days_overdue: 5,
    due_kind: 'statute',
    citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    legal_due: '2025-04-15',
    legal_citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    regulator_code: 'us_ca_cppa',
    follow_up_url: `${REQUEST_URL}/follow-up`,
    complaint_url: `${REQUEST_URL}/complaint`,
  },
  regulator_complaint_draft: {
    reference: 'DR-2026-000123',
    regulator_code: 'us_ca_cppa',
    complainant: {
      name: 'Jane Doe',
      email: 'jane.doe@example.com',
      address: {
        line1: '221 Elm Street',
        city: 'Springfield',
        region: 'CA',
        postal_code: '94110',
        country: 'United States',
      },
    },
    vendor: { name: 'Example Audio', legal_entity: 'Example Audio Inc.', email: 'privacy@example-audio.example' },
    right: 'access',
    regime: 'CCPA',
    request_date: LETTER_DATE,
    due: '2025-04-15',
    basis_text: '45 calendar days from receipt',
    citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    events: [
      { date: LETTER_DATE, description: 'Request sent by email to privacy@example-audio.example.' },
      { date: '2025-04-20', description: 'Follow-up letter sent; no reply.' },
    ],
    vendor_response: null,
  },
  staff_reminder: {
    staff_name: 'Sam Lee',
    kind: 'reminder_7d',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    right: 'access',
    regime: 'CCPA',
    due: '2025-04-15',
    request_url: REQUEST_URL,
    due_kind: 'statute',
    citation: 'Cal. Civ. Code § 1798.130(a)(2)',
    legal_due: '2025-04-15',
    legal_citation: 'Cal. Civ. Code § 1798.130(a)(2)',
  },
  staff_vendor_replied: {
    staff_name: 'Sam Lee',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    received_at: '2025-03-10T09:30:00Z',
    from_address: 'privacy@example-audio.example',
    reply_subject: 'RE: Request to access personal information [DR-2026-000123]',
    excerpt: 'Thank you for your request. We have verified your identity and…',
    request_url: REQUEST_URL,
  },
  agent_authorization_request: {
    principal_name: 'Jane Doe',
    agent_name: 'Alex Rivera',
    agent_organisation: 'Privacy Rights Agents LLC',
    vendor_names: ['Example Audio', 'Acme Streaming'],
    rights: ['access', 'deletion'],
    confirm_url: 'https://portal.example/authorize/xyz',
    decline_url: 'https://portal.example/authorize/xyz/decline',
    expires_at: EXPIRES,
  },
  agent_verify_email: {
    agent_name: 'Alex Rivera',
    verify_url: 'https://portal.example/agent/verify/def456',
    expires_at: EXPIRES,
  },
  staff_password_set: {
    staff_name: 'Sam Lee',
    set_url: 'https://portal.example/staff/password/ghi789',
    expires_at: EXPIRES,
  },
  consumer_sign_in: { sign_in_url: 'https://portal.example/sign-in/jkl012', expires_at: EXPIRES },
  consumer_letter_returned: {
    recipient_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    reason: 'smtp; 550 5.1.1 user unknown',
    request_url: REQUEST_URL,
  },
  staff_letter_returned: {
    staff_name: 'Sam Lee',
    reference: 'DR-2026-000123',
    vendor_name: 'Example Audio',
    channel_value: 'privacy@example-audio.example',
    reason: 'smtp; 550 5.1.1 user unknown',
    request_url: REQUEST_URL,
  },
  staff_unmatched_mail: {
    staff_name: 'Sam Lee',
    from_address: 'support@tickets.example-audio.example',
    reply_subject: 'Ticket #4711 updated',
    received_at: '2025-03-10T09:30:00Z',
    excerpt: 'We need a copy of your ID before we can proceed…',
    inbox_url: 'https://portal.example/staff/mail/unmatched',
  },
  vendor_consumer_answer: {
    vendor_name: 'Example Audio',
    requester_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    subject: 'Request to access personal information [DR-2026-000123]',
    answer_text: 'My customer number is 123-456.',
    document_name: 'id.pdf',
  },
  vendor_withdrawal: {
    vendor_name: 'Example Audio',
    requester_name: 'Jane Doe',
    reference: 'DR-2026-000123',
    subject: 'Request to access personal information [DR-2026-000123]',
    sent_on: '2025-03-01',
    reason: 'The company answered by phone.',
  },
};

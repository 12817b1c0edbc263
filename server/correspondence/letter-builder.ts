import type { Knex } from 'knex';
import type { GpcEvidence } from '../shared/opt-out-signals';
import { DateTime } from 'luxon';
import { timezoneFor, type Deadline } from '../deadlines';
import { letterBodyForPdf, letterDateIn, renderLetter, renderLetterPdf, type LetterData } from '../mail';
import { isLetterLanguage, type LetterLanguage } from '../shared/languages';
import { getVendorProfile, vendorLetterLanguage } from '../vendors';
import { addresseeOf, letterDataFor, type LetterInput } from './letter-data';

/** One rendering of a letter: the vendor's, or the consumer's copy in their own language. */
interface LetterRendering {
  language: LetterLanguage;
  subject: string;
  text: string;
  html: string;
  pdf: Buffer;
}

export interface PreparedLetter {
  data: LetterData;
  template: string;
  /** the language the vendor's letter is written in (the company's, see vendorLetterLanguage) */
  language: LetterLanguage;
  subject: string;
  text: string;
  html: string;
  pdf: Buffer;
  /** the consumer's copy in their language, when it is not the vendor's */
  copy: LetterRendering | null;
  deadline: Deadline;
  /** documents that go with the letter: for an agent's request, the principal's authorization */
  attachments: { documentId: number; filename: string }[];
}

interface RequestForLetter {
  id: number;
  reference: string;
  right: string;
  jurisdiction: string;
  channel_type: string;
  channel_value: string | null;
  vendor_slug: string;
  requester_name: string;
  requester_email: string;
  requester_phone: string | null;
  requester_address: LetterData['requester']['address'] | null;
  details: string | null;
  corrections: LetterData['corrections'] | null;
  identifiers: Record<string, string> | null;
  gpc: GpcEvidence | null;
  filed_by: string;
  agent_name: string | null;
  agent_organisation: string | null;
  agent_email: string | null;
  authorization_kind: 'upload' | 'e_authorization' | null;
  authorization_dated: Date | null;
  vendor_id: number;
  consumer_language: string | null;
}

/**
 * Everything a vendor letter says, from the stored request, the published registry and the deadline engine. The
 * letter's data is validated by the template registry, so a missing field stops the letter instead of leaving a blank.
 */
export async function prepareRequestLetter(db: Knex, requestId: number, now: Date): Promise<PreparedLetter> {
  const r: RequestForLetter = await db('requests')
    .join('vendors', 'vendors.id', 'requests.vendor_id')
    .join('requesters', 'requesters.id', 'requests.requester_id')
    .leftJoin('submissions', 'submissions.id', 'requests.submission_id')
    .leftJoin('accounts as agent', 'agent.id', 'requests.agent_account_id')
    .leftJoin('agent_authorizations as auth', 'auth.id', 'requests.authorization_id')
    .where('requests.id', requestId)
    .first(
      'requests.id',
      'requests.reference',
      'requests.right',
      'requests.jurisdiction',
      'requests.channel_type',
      'requests.channel_value',
      'vendors.slug as vendor_slug',
      'vendors.id as vendor_id',
      'submissions.language as consumer_language',
      'requesters.name as requester_name',
      'requesters.email as requester_email',
      'requesters.phone as requester_phone',
      'requesters.address as requester_address',
      'submissions.details',
      'submissions.corrections',
      'submissions.identifiers',
      'submissions.gpc',
      'requests.filed_by',
      'agent.name as agent_name',
      'agent.organisation as agent_organisation',
      'agent.email as agent_email',
      'auth.kind as authorization_kind',
      db.raw('coalesce(auth.confirmed_at, auth.uploaded_at) as authorization_dated'),
    );
  const profile = (await getVendorProfile(db, r.vendor_slug))!;
  const today = DateTime.fromJSDate(now, { zone: timezoneFor(r.jurisdiction) });
  // The company's language for the letter; the consumer's (chosen at intake, English by default) for their copy.
  const language = (await vendorLetterLanguage(db, Number(r.vendor_id))).language;
  const consumerLanguage: LetterLanguage = isLetterLanguage(r.consumer_language) ? r.consumer_language : 'en';
  const input: LetterInput = {
    reference: r.reference,
    right: r.right,
    jurisdiction: r.jurisdiction,
    channel: { type: r.channel_type, value: r.channel_value },
    profile,
    requester: {
      name: r.requester_name,
      email: r.requester_email,
      phone: r.requester_phone,
      address: r.requester_address,
      identifiers: r.identifiers,
    },
    ...(r.filed_by === 'agent' && r.agent_name && r.agent_email && r.authorization_kind && r.authorization_dated
      ? {
          agent: {
            name: r.agent_name,
            ...(r.agent_organisation ? { organisation: r.agent_organisation } : {}),
            email: r.agent_email,
            authorization: {
              kind: r.authorization_kind === 'upload' ? ('signed_upload' as const) : ('e_authorization' as const),
              dated: DateTime.fromJSDate(new Date(r.authorization_dated), {
                zone: timezoneFor(r.jurisdiction),
              }).toISODate()!,
            },
          },
        }
      : {}),
    corrections: r.corrections,
    details: r.details,
    // the consumer's own browser signal; an agent's filing carries none (the agent's browser is not the consumer's)
    gpc: r.filed_by === 'agent' ? null : r.gpc,
    today,
  };
  // Pure functions of the stored request, the registry and the date: the same request renders the same letter.
  const render = async (lang: LetterLanguage) => {
    const { data, deadline } = letterDataFor({ ...input, language: lang });
    const rendered = renderLetter(data, lang);
    const pdf = await renderLetterPdf({
      from: [r.requester_name, ...(r.requester_address ? addressLines(r.requester_address) : [r.requester_email])].join(
        '\n',
      ),
      to:
        r.channel_type === 'postal' && r.channel_value
          ? (({ name, address }) => `${name}\n${address}`)(addresseeOf(profile, r.channel_value))
          : [profile.name, ...(r.channel_value ? [r.channel_value] : [])].join('\n'),
      date: letterDateIn(lang, today.toISODate()!),
      subject: rendered.subject,
      bodyText: letterBodyForPdf(rendered.text, lang),
      reference: r.reference,
      size: r.jurisdiction.startsWith('US') || r.jurisdiction.startsWith('CA') ? 'LETTER' : 'A4',
      language: lang,
    });
    return { data, deadline, rendered, pdf };
  };
  const { data, deadline, rendered, pdf } = await render(language);
  const copy =
    consumerLanguage === language
      ? null
      : await render(consumerLanguage).then(({ rendered: c, pdf: copyPdf }) => ({
          language: consumerLanguage,
          subject: c.subject,
          text: c.text,
          html: c.html,
          pdf: copyPdf,
        }));
  // The letter says the authorization "is attached": it goes with the email (and with the staff task for post).
  const attachments = data.agent ? await requestAttachments(db, r.id) : [];
  return {
    data,
    template: rendered.template,
    language,
    copy,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    pdf,
    deadline,
    attachments,
  };
}

function addressLines(a: NonNullable<LetterData['requester']['address']>): string[] {
  return [a.line1, ...(a.line2 ? [a.line2] : []), `${a.city}, ${a.region} ${a.postal_code}`, a.country];
}

/**
 * The documents every letter of a request carries, whatever sends it (the first dispatch, a resend, a follow-up): for
 * an agent's request, the authorization behind it.
 */
export async function requestAttachments(
  db: Knex | Knex.Transaction,
  requestId: number,
): Promise<{ documentId: number; filename: string }[]> {
  const row = await db('requests as r')
    .join('agent_authorizations as a', 'a.id', 'r.authorization_id')
    .join('documents as d', 'd.id', 'a.document_id')
    .where('r.id', requestId)
    .first<{ authorization_id: number; document_id: number; content_type: string } | undefined>(
      'a.id as authorization_id',
      'd.id as document_id',
      'd.content_type',
    );
  if (!row) return [];
  const extension = row.content_type === 'image/png' ? 'png' : row.content_type === 'image/jpeg' ? 'jpg' : 'pdf';
  return [{ documentId: Number(row.document_id), filename: `authorization-${row.authorization_id}.${extension}` }];
}

import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { basisOf, computeDeadline, timezoneFor, vendorPromisesFrom, type Deadline } from '../deadlines';
import { letterBodyForPdf, renderLetter, renderLetterPdf, type LetterData } from '../mail';
import { getVendorProfile, type VendorProfile } from '../vendors';
import type { DeadlineFact, RequirementFact } from '../vendors/extract/types';

/** Days a posted letter is assumed to travel: the stated deadline counts from then, so it is never too early. */
export const POSTAL_TRANSIT_DAYS = 7;

export interface PreparedLetter {
  data: LetterData;
  template: string;
  subject: string;
  text: string;
  html: string;
  pdf: Buffer;
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
  filed_by: string;
  agent_name: string | null;
  agent_organisation: string | null;
  agent_email: string | null;
  authorization_id: number | null;
  authorization_kind: 'upload' | 'e_authorization' | null;
  authorization_dated: Date | null;
  authorization_document_id: number | null;
}

/** Sale opt-outs are tagged either way by policies ("opt-out of sale" vs "Nevada rights"). */
const EQUIVALENT_RIGHTS: Record<string, string[]> = { nevada_opt_out: ['opt_out_sale'], opt_out_sale: ['nevada_opt_out'], know: ['access'], access: ['know'] };

function applies(fact: { rights: string[]; jurisdictions: string[] }, right: string, jurisdiction: string): boolean {
  const rights = [right, ...(EQUIVALENT_RIGHTS[right] ?? [])];
  const rightOk = fact.rights.length === 0 || fact.rights.some((r) => rights.includes(r));
  const placeOk = fact.jurisdictions.length === 0 || fact.jurisdictions.some((j) => j === jurisdiction || jurisdiction.startsWith(`${j}-`));
  return rightOk && placeOk;
}

function requirementsFor(profile: VendorProfile, kind: RequirementFact['kind'], right: string, jurisdiction: string) {
  return profile.requirements.filter((r) => r.kind === kind && applies(r, right, jurisdiction));
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
      'requests.id', 'requests.reference', 'requests.right', 'requests.jurisdiction', 'requests.channel_type', 'requests.channel_value',
      'vendors.slug as vendor_slug', 'requesters.name as requester_name', 'requesters.email as requester_email',
      'requesters.phone as requester_phone', 'requesters.address as requester_address',
      'submissions.details', 'submissions.corrections', 'submissions.identifiers',
      'requests.filed_by', 'agent.name as agent_name', 'agent.organisation as agent_organisation', 'agent.email as agent_email',
      'auth.id as authorization_id', 'auth.kind as authorization_kind', 'auth.document_id as authorization_document_id',
      db.raw('coalesce(auth.confirmed_at, auth.uploaded_at) as authorization_dated'),
    );
  const profile = (await getVendorProfile(db, r.vendor_slug))!;
  const today = DateTime.fromJSDate(now, { zone: timezoneFor(r.jurisdiction) });
  const assumedReceipt = r.channel_type === 'postal' ? today.plus({ days: POSTAL_TRANSIT_DAYS }) : today;
  const deadline = computeDeadline({
    jurisdiction: r.jurisdiction,
    right: r.right,
    received: assumedReceipt.toISODate()!,
    vendorPromises: vendorPromisesFrom(r.vendor_slug, profile.deadlines as DeadlineFact[]),
  });
  const subjectLine = requirementsFor(profile, 'subject_line', r.right, r.jurisdiction)[0];
  const requiredFields = [...new Set(requirementsFor(profile, 'required_fields', r.right, r.jurisdiction).flatMap((f) => f.fields))];
  const data: LetterData = {
    reference: r.reference,
    right: r.right as LetterData['right'],
    regime: deadline.regime as LetterData['regime'],
    jurisdiction: r.jurisdiction,
    vendor: {
      name: profile.name,
      ...(r.channel_type === 'email' && r.channel_value ? { email: r.channel_value } : {}),
      ...(r.channel_type === 'postal' && r.channel_value ? { postal_address: r.channel_value } : {}),
      required_subject_line: subjectLine ? (subjectLine.edited_value ?? subjectLine.value) : null,
      required_fields: requiredFields,
    },
    requester: {
      name: r.requester_name,
      email: r.requester_email,
      ...(r.requester_phone ? { phone: r.requester_phone } : {}),
      ...(r.requester_address ? { address: r.requester_address } : {}),
      ...(r.identifiers ? { identifiers: r.identifiers } : {}),
    },
    ...(r.filed_by === 'agent' && r.agent_name && r.agent_email && r.authorization_kind && r.authorization_dated
      ? {
          agent: {
            name: r.agent_name,
            ...(r.agent_organisation ? { organisation: r.agent_organisation } : {}),
            email: r.agent_email,
            authorization: {
              kind: r.authorization_kind === 'upload' ? ('signed_upload' as const) : ('e_authorization' as const),
              dated: DateTime.fromJSDate(new Date(r.authorization_dated), { zone: timezoneFor(r.jurisdiction) }).toISODate()!,
            },
          },
        }
      : {}),
    ...(r.corrections?.length ? { corrections: r.corrections } : {}),
    ...(r.details ? { details: r.details } : {}),
    // a new request has no extension: the latest date the law would allow is not a date the vendor chose
    deadline: { due: deadline.due, ...basisOf(deadline), extended_due: null },
    date: today.toISODate()!,
  };
  const rendered = renderLetter(data);
  const pdf = await renderLetterPdf({
    from: [r.requester_name, ...(r.requester_address ? addressLines(r.requester_address) : [r.requester_email])].join('\n'),
    to: [profile.name, ...(r.channel_value ? [r.channel_value] : [])].join('\n'),
    date: today.setLocale('en-GB').toFormat('d LLLL yyyy'),
    subject: rendered.subject,
    bodyText: letterBodyForPdf(rendered.text),
    reference: r.reference,
    size: r.jurisdiction.startsWith('US') || r.jurisdiction.startsWith('CA') ? 'LETTER' : 'A4',
  });
  // The letter says the authorization "is attached": it goes with the email (and with the staff task for post).
  const attachments = data.agent && r.authorization_document_id ? [await authorizationAttachment(db, r.authorization_document_id, r.authorization_id!)] : [];
  return { data, template: rendered.template, subject: rendered.subject, text: rendered.text, html: rendered.html, pdf, deadline, attachments };
}

function addressLines(a: NonNullable<LetterData['requester']['address']>): string[] {
  return [a.line1, ...(a.line2 ? [a.line2] : []), `${a.city}, ${a.region} ${a.postal_code}`, a.country];
}

async function authorizationAttachment(db: Knex, documentId: number, authorizationId: number) {
  const doc = await db('documents').where({ id: documentId }).first<{ content_type: string }>('content_type');
  const extension = doc.content_type === 'image/png' ? 'png' : doc.content_type === 'image/jpeg' ? 'jpg' : 'pdf';
  return { documentId, filename: `authorization-${authorizationId}.${extension}` };
}

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
    .where('requests.id', requestId)
    .first(
      'requests.id', 'requests.reference', 'requests.right', 'requests.jurisdiction', 'requests.channel_type', 'requests.channel_value',
      'vendors.slug as vendor_slug', 'requesters.name as requester_name', 'requesters.email as requester_email',
      'requesters.phone as requester_phone', 'requesters.address as requester_address',
      'submissions.details', 'submissions.corrections', 'submissions.identifiers',
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
    ...(r.corrections?.length ? { corrections: r.corrections } : {}),
    ...(r.details ? { details: r.details } : {}),
    deadline: { due: deadline.due, ...basisOf(deadline), extended_due: deadline.extended_due },
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
  return { data, template: rendered.template, subject: rendered.subject, text: rendered.text, html: rendered.html, pdf, deadline };
}

function addressLines(a: NonNullable<LetterData['requester']['address']>): string[] {
  return [a.line1, ...(a.line2 ? [a.line2] : []), `${a.city}, ${a.region} ${a.postal_code}`, a.country];
}

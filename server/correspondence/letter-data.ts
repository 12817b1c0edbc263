import { DateTime } from 'luxon';
import { computeDeadline, dueStatement, timezoneFor, vendorPromisesFrom, type Deadline } from '../deadlines';
import { gpcLawFor, type GpcEvidence } from '../shared/opt-out-signals';
import type { LetterData } from '../mail';
// the rules intake checks required fields by (leaf modules: no import cycle through the requests feature's index)
import { sameRight } from '../requests/rights';
import { coversJurisdiction } from '../requests/routing';
import { postalAddressee, type VendorProfile } from '../vendors';
import type { DeadlineFact, RequirementFact } from '../vendors/extract/types';
import type { LetterLanguage } from '../shared/languages';

/** Who a posted letter to this block is addressed to: the entity the extractor found in the block, else the vendor. */
export function addresseeOf(profile: VendorProfile, block: string): { name: string; address: string } {
  const fact = profile.channels.find((c) => c.type === 'postal' && c.value === block);
  return postalAddressee(profile.name, block, fact?.entity);
}

/**
 * What a letter says about time (see LetterData.deadline), in the letter's language; `dated`: the letter's dates are
 * the ones the deadline will use.
 */
export function letterDeadline(
  deadline: Deadline,
  dated: boolean,
  language: LetterLanguage = 'en',
): LetterData['deadline'] {
  const s = dueStatement(deadline, language);
  return {
    kind: s.kind,
    due: dated ? s.due : null,
    period: s.period,
    basis_text: s.basis_text,
    citation: s.citation,
    legal_due: dated ? s.legal_due : null,
    legal_period: s.legal_period,
    legal_citation: s.legal_citation,
    // a new request has no extension: the latest date the law would allow is not a date the vendor chose
    extended_due: null,
  };
}

/** Days a posted letter is assumed to travel: the stated deadline counts from then, so it is never too early. */
const POSTAL_TRANSIT_DAYS = 7;

/** The vendor's requirements of one kind that apply to this right (or an equivalent one) in this jurisdiction. */
function requirementsFor(profile: VendorProfile, kind: RequirementFact['kind'], right: string, jurisdiction: string) {
  return profile.requirements.filter(
    (r) =>
      r.kind === kind &&
      (r.rights.length === 0 || r.rights.some((x) => sameRight(x, right))) &&
      coversJurisdiction(r.jurisdictions, jurisdiction),
  );
}

export interface LetterInput {
  reference: string;
  right: string;
  jurisdiction: string;
  /** the channel the letter goes by (null: none known yet) */
  channel: { type: string; value: string | null } | null;
  profile: VendorProfile;
  requester: {
    name: string;
    email: string;
    phone?: string | null;
    address?: LetterData['requester']['address'] | null;
    identifiers?: Record<string, string> | null;
  };
  agent?: LetterData['agent'];
  corrections?: LetterData['corrections'] | null;
  details?: string | null;
  /** the Global Privacy Control evidence recorded with the consumer's submission, if their browser sent it */
  gpc?: GpcEvidence | null;
  /** the letter's date, in the jurisdiction's timezone */
  today: DateTime;
  /** the language the letter is written in (its words about time are in it too); English by default */
  language?: LetterLanguage;
}

/**
 * What a vendor letter says, from the request (stored, or a submission being previewed), the published registry and
 * the deadline engine: the one place both the real letter (letter-builder.ts) and the intake preview build it.
 */
export function letterDataFor(input: LetterInput): { data: LetterData; deadline: Deadline } {
  const { profile, right, jurisdiction, channel, requester, today } = input;
  const assumedReceipt = channel?.type === 'postal' ? today.plus({ days: POSTAL_TRANSIT_DAYS }) : today;
  const deadline = computeDeadline({
    jurisdiction,
    right,
    received: assumedReceipt.toISODate()!,
    vendorPromises: vendorPromisesFrom(profile.slug, profile.deadlines as DeadlineFact[]),
  });
  const subjectLine = requirementsFor(profile, 'subject_line', right, jurisdiction)[0];
  const postal = channel?.type === 'postal' && channel.value ? addresseeOf(profile, channel.value) : null;
  const data: LetterData = {
    reference: input.reference,
    right: deadline.right,
    regime: deadline.regime,
    jurisdiction,
    vendor: {
      // a posted letter is addressed to the entity its address belongs to (Sony Electronics Inc., not Sony Corporation)
      ...(postal ? { name: postal.name, postal_address: postal.address } : { name: profile.name }),
      ...(channel?.type === 'email' && channel.value ? { email: channel.value } : {}),
      required_subject_line: subjectLine ? (subjectLine.edited_value ?? subjectLine.value) : null,
      required_fields: [
        ...new Set(requirementsFor(profile, 'required_fields', right, jurisdiction).flatMap((f) => f.fields)),
      ],
    },
    requester: {
      name: requester.name,
      email: requester.email,
      ...(requester.phone ? { phone: requester.phone } : {}),
      ...(requester.address ? { address: requester.address } : {}),
      ...(requester.identifiers ? { identifiers: requester.identifiers } : {}),
    },
    ...(input.agent ? { agent: input.agent } : {}),
    ...(input.corrections?.length ? { corrections: input.corrections } : {}),
    ...(input.details ? { details: input.details } : {}),
    ...gpcStatement(input.gpc, deadline.right, jurisdiction),
    // One date per letter: only an email letter's receipt (SMTP acceptance, today) is the date the deadline will start
    // from. A posted letter's delivery or a web form's submission is recorded later, so those letters state the rule
    // ("within 45 calendar days of receiving this letter") and no date the deadline might contradict.
    deadline: letterDeadline(deadline, channel?.type === 'email', input.language ?? 'en'),
    date: today.toISODate()!,
  };
  return { data, deadline };
}

/** GPC is a signal to opt out of sale, sharing and targeted advertising: those letters state it. */
const GPC_RIGHTS: readonly string[] = ['opt_out_sale', 'opt_out_sharing', 'opt_out_targeted_ads'];

/** The letter's GPC statement: the day the signal was recorded, and the law that makes it an opt-out there, if any. */
function gpcStatement(
  gpc: GpcEvidence | null | undefined,
  right: string,
  jurisdiction: string,
): Pick<LetterData, 'gpc'> {
  if (!gpc || !GPC_RIGHTS.includes(right)) return {};
  const recordedOn = DateTime.fromISO(gpc.recorded_at, { zone: timezoneFor(jurisdiction) ?? 'UTC' }).toISODate()!;
  const law = gpcLawFor(jurisdiction, recordedOn);
  return { gpc: { recorded_on: recordedOn, law: law?.law ?? null, citation: law?.citation ?? null } };
}

import type { Knex } from 'knex';
import { DateTime } from 'luxon';
// the module itself, not the correspondence index: that one reaches back into this feature's index (dispatch)
import { letterDataFor } from '../correspondence/letter-data';
import {
  basisOf,
  dueStatement,
  RULES,
  rightsAvailable,
  SUPPORTED_JURISDICTIONS,
  timezoneFor,
  type Deadline,
} from '../deadlines';
import {
  fieldLabel,
  regimeInWords,
  renderLetter,
  rightInWords,
  TemplateDataError,
  UnsupportedLetterError,
  type LetterData,
} from '../mail';
import type { Clock } from '../shared/clock';
import type { LetterLanguage } from '../shared/languages';
import { vendorLetterLanguage, type VendorProfile } from '../vendors';
import type { IntakeBody } from './intake.schema';
import { plan, summaryWarnings, type Planned } from './intake.service';
import { checkIntake } from './rules-check';

function previewDeadline(d: Deadline) {
  return {
    regime: d.regime,
    regime_name: d.regime_name,
    received: d.received,
    due: d.due,
    due_kind: d.due_kind,
    extended_due: d.extended_due,
    effective: d.effective,
    ...basisOf(d),
    // what the date is: the law's deadline, the company's own promise, or a follow-up point ("without delay")
    statement: (({ kind, legal_due, legal_citation }) => ({ kind, legal_due, legal_citation }))(dueStatement(d)),
    explanation: d.explanation,
    explanation_items: d.explanation_items,
  };
}

/** What a missing letter field means to the person filling the form. */
function missingInWords(field: string): string {
  if (field.startsWith('requester.identifiers.'))
    return `your ${fieldLabel(field.slice('requester.identifiers.'.length)).toLowerCase()}`;
  if (field.startsWith('requester.address')) return 'your postal address';
  if (field === 'requester.phone') return 'your phone number';
  if (field === 'requester.name') return 'your full name';
  if (field === 'requester.email') return 'your email address';
  if (field.startsWith('corrections')) return 'what should be corrected (the current and the correct value)';
  if (field === 'details') return 'the decision you are appealing and why';
  return 'more information';
}

/** Why no letter can be written yet, as a sentence a person understands (never an internal error message). */
function letterProblem(e: unknown, vendorName: string, data: LetterData): string {
  if (e instanceof TemplateDataError) {
    if (e.field === 'vendor.email')
      return `We have no address for ${vendorName} yet: our staff will find one before the letter is sent.`;
    if (e.field === 'agent')
      return `${regimeInWords(data.regime)} does not let an authorized agent make this request: the consumer must file it themselves.`;
    return `${vendorName} needs ${missingInWords(e.field)} for this request: please add it, and the letter will be written.`;
  }
  if (e instanceof UnsupportedLetterError) {
    return `We cannot write a letter for ${rightInWords(data.right)} under ${regimeInWords(data.regime)} yet: our staff will handle this request by hand.`;
  }
  return 'We cannot show this letter yet: our staff will check it before anything is sent.';
}

/**
 * The letter one planned request would send, built from the submission instead of stored rows (requests exist only
 * after verification). The reference is a placeholder: the real one is assigned when the request is created.
 */
function previewLetter(
  p: Planned,
  profile: VendorProfile,
  body: IntakeBody,
  today: DateTime,
  languages: { company: LetterLanguage; consumer: LetterLanguage },
) {
  const input = {
    reference: `DR-${today.year}-000000`,
    right: p.right,
    jurisdiction: body.jurisdiction,
    channel: p.channel,
    profile,
    requester: body.requester,
    corrections: body.corrections as LetterData['corrections'] | undefined,
    details: body.details,
    today,
  };
  // the consumer reads the letter in their language; the company's, when it works in another, is shown beside it
  const { data, deadline } = letterDataFor({ ...input, language: languages.consumer });
  let letter: { template: string; subject: string; text: string; language: LetterLanguage } | null = null;
  let companyLetter: { subject: string; text: string; language: LetterLanguage } | null = null;
  let problem: string | null = null;
  try {
    const rendered = renderLetter(data, languages.consumer);
    letter = {
      template: rendered.template,
      subject: rendered.subject,
      text: rendered.text,
      language: languages.consumer,
    };
    if (languages.company !== languages.consumer) {
      const company = letterDataFor({ ...input, language: languages.company }).data;
      const theirs = renderLetter(company, languages.company);
      companyLetter = { subject: theirs.subject, text: theirs.text, language: languages.company };
    }
  } catch (e) {
    problem =
      p.channel && p.channel.type !== 'email' && p.channel.type !== 'postal'
        ? `This request goes by ${p.channel.type === 'webform' ? "the vendor's web form" : 'phone'}: our staff submit it for you with the same content.`
        : letterProblem(e, profile.name, data);
  }
  return { deadline: previewDeadline(deadline), letter, company_letter: companyLetter, letter_problem: problem };
}

/**
 * What a submission would do, without storing anything: validated exactly like intake (same 422s), then each vendor's
 * letter, the deadline it must meet and why, and every warning.
 */
export async function previewIntake(deps: { db: Knex; clock: Clock }, body: IntakeBody) {
  const checked = await checkIntake(deps.db, body);
  const planned = plan(checked, body.jurisdiction);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timezoneFor(body.jurisdiction) });
  const consumer: LetterLanguage = body.language ?? 'en';
  const companyLanguages = new Map<number, LetterLanguage>();
  for (const id of new Set(planned.map((p) => p.vendor_id)))
    companyLanguages.set(id, (await vendorLetterLanguage(deps.db, id)).language);
  return {
    jurisdiction: body.jurisdiction,
    planned: planned.map((p) => {
      const profile = checked.vendors.find((v) => v.id === p.vendor_id)!.profile;
      const languages = { company: companyLanguages.get(p.vendor_id)!, consumer };
      return {
        vendor: p.vendor,
        vendor_name: profile.name,
        right: p.right,
        requested_as: p.requested_as,
        channel: p.channel,
        warnings: p.warnings,
        ...previewLetter(p, profile, body, today, languages),
      };
    }),
    warnings: summaryWarnings(planned, body.jurisdiction),
  };
}

/** Every jurisdiction a consumer can file from: the law that applies and the rights it grants. */
export function jurisdictionList() {
  return SUPPORTED_JURISDICTIONS.map((code) => ({
    code,
    laws: [...new Set(RULES.filter((r) => r.jurisdictions.includes(code)).map((r) => r.regimeName))],
    rights: rightsAvailable(code),
  }));
}

import type { Knex } from 'knex';
import { DateTime } from 'luxon';
// the module itself, not the correspondence index: that one reaches back into this feature's index (dispatch)
import { letterDataFor } from '../correspondence/letter-data';
import { basisOf, RULES, rightsAvailable, SUPPORTED_JURISDICTIONS, timezoneFor, type Deadline } from '../deadlines';
import { renderLetter, type LetterData } from '../mail';
import type { Clock } from '../shared/clock';
import type { VendorProfile } from '../vendors';
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
    explanation: d.explanation,
  };
}

/**
 * The letter one planned request would send, built from the submission instead of stored rows (requests exist only
 * after verification). The reference is a placeholder: the real one is assigned when the request is created.
 */
function previewLetter(p: Planned, profile: VendorProfile, body: IntakeBody, today: DateTime) {
  const { data, deadline } = letterDataFor({
    reference: `DR-${today.year}-000000`,
    right: p.right,
    jurisdiction: body.jurisdiction,
    channel: p.channel,
    profile,
    requester: body.requester,
    corrections: body.corrections as LetterData['corrections'] | undefined,
    details: body.details,
    today,
  });
  let letter: { template: string; subject: string; text: string } | null = null;
  let problem: string | null = null;
  try {
    const rendered = renderLetter(data);
    letter = { template: rendered.template, subject: rendered.subject, text: rendered.text };
  } catch (e) {
    problem = p.channel && p.channel.type !== 'email' && p.channel.type !== 'postal'
      ? `This request goes by ${p.channel.type === 'webform' ? 'the vendor\'s web form' : 'phone'}: our staff submit it for you with the same content.`
      : `No letter can be prepared yet: ${e instanceof Error ? e.message : String(e)}`;
  }
  return { deadline: previewDeadline(deadline), letter, letter_problem: problem };
}

/**
 * What a submission would do, without storing anything: validated exactly like intake (same 422s), then each vendor's
 * letter, the deadline it must meet and why, and every warning.
 */
export async function previewIntake(deps: { db: Knex; clock: Clock }, body: IntakeBody) {
  const checked = await checkIntake(deps.db, body);
  const planned = plan(checked, body.jurisdiction);
  const today = DateTime.fromJSDate(deps.clock.now(), { zone: timezoneFor(body.jurisdiction) });
  return {
    jurisdiction: body.jurisdiction,
    planned: planned.map((p) => {
      const profile = checked.vendors.find((v) => v.id === p.vendor_id)!.profile;
      return {
        vendor: p.vendor,
        vendor_name: profile.name,
        right: p.right,
        requested_as: p.requested_as,
        channel: p.channel,
        warnings: p.warnings,
        ...previewLetter(p, profile, body, today),
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

import type { VendorProfile } from '../vendors';
import type { IntakeWarning } from './intake.schema';
import { dropApplies, dropExplanation, DROP } from './drop';
import { OPT_OUT_RIGHTS } from './rights';
import { coversJurisdiction, type ChosenChannel } from './routing';

const cite = (fact: { id: number; citation: { quote: string } }) => ({ fact_id: fact.id, quote: fact.citation.quote });

/** A consequence that speaks of deleting is shown on deletion requests only; any other consequence on every right. */
const ABOUT_DELETION = /\b(delet|eras|remov)/i;

/**
 * What the consumer should know before filing this right with this vendor, each with the policy sentence it rests
 * on: where the vendor says to go instead (routing), what the request will cost them (consequence), that an opt-out
 * may be moot (does not sell), that California's DROP also reaches a registered data broker, and that no usable
 * contact is known yet.
 */
export function warningsFor(
  profile: VendorProfile,
  right: string,
  jurisdiction: string,
  channel: ChosenChannel | null,
): IntakeWarning[] {
  const vendor = profile.slug;
  const out: IntakeWarning[] = [];
  for (const w of profile.warnings) {
    if (w.kind === 'routing') out.push({ code: 'routing', vendor, message: w.message, citation: cite(w) });
    if (w.kind === 'consequence' && (right === 'deletion' || !ABOUT_DELETION.test(w.message))) {
      out.push({ code: 'consequence', vendor, message: w.message, citation: cite(w) });
    }
  }
  if ((OPT_OUT_RIGHTS as readonly string[]).includes(right)) {
    const claim =
      profile.requirements.find(
        (r) => r.kind === 'does_not_sell' && coversJurisdiction(r.jurisdictions, jurisdiction),
      ) ?? profile.warnings.find((w) => w.kind === 'does_not_sell');
    if (claim) {
      out.push({
        code: 'does_not_sell',
        vendor,
        message: `${profile.name} says it does not sell personal information; an opt-out still records your choice should that change.`,
        citation: cite(claim),
      });
    }
  }
  if (dropApplies({ jurisdiction, right, registeredDataBroker: profile.registered_data_broker })) {
    out.push({
      code: 'drop_available',
      vendor,
      message: dropExplanation(profile.name),
      citation: { fact_id: null, quote: DROP.citation },
    });
  }
  const gap = profile.gaps.find((g) => coversJurisdiction(g.jurisdictions, jurisdiction)) ?? profile.gaps[0];
  if (!channel) {
    out.push({
      code: 'no_usable_contact',
      vendor,
      message: `No usable contact is known yet for ${profile.name}; our staff will research one before the request is sent.`,
      citation: gap ? cite(gap) : null,
    });
  } else if (gap) {
    out.push({
      code: 'contact_gap',
      vendor,
      message:
        channel.origin === 'staff'
          ? `${gap.message} Our staff found a contact instead: the request will go by ${channel.type}.`
          : `${gap.message} The request will go by ${channel.type} instead.`,
      citation: cite(gap),
    });
  }
  return out;
}

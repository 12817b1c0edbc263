/**
 * The shape of what the policy extractor finds in one policy text. Every fact carries a citation:
 * character offsets into the NORMALIZED text and the exact quote (normalized.slice(start, end) === quote).
 */
export interface Citation {
  start: number;
  end: number;
  quote: string;
}

export type ChannelType = 'email' | 'postal' | 'phone' | 'webform';

/** What a contact channel is for, as far as the text says. */
export type ChannelPurpose =
  'privacy_requests' | 'general' | 'eu_representative' | 'dpo' | 'state_rights' | 'marketing_unsubscribe' | 'other';

export interface ChannelFact {
  type: ChannelType;
  /** email address, whole postal block (lines joined by "\n"), phone as printed, or URL */
  value: string;
  purpose: ChannelPurpose;
  /** jurisdictions the channel is specifically for (e.g. ["US-NV"]), empty when general */
  jurisdictions: string[];
  /** free-text label from the text, e.g. "Attn: Privacy Office" or "Corporate Department" */
  label: string | null;
  /** postal blocks: the legal entity the address belongs to ("Sony Electronics Inc."), when the block names one */
  entity?: string;
  citation: Citation;
}

export type RightCode =
  | 'access'
  | 'know'
  | 'deletion'
  | 'correction'
  | 'portability'
  | 'opt_out_sale'
  | 'opt_out_sharing'
  | 'opt_out_targeted_ads'
  | 'objection'
  | 'restriction'
  | 'withdraw_consent'
  | 'appeal'
  | 'shine_the_light'
  | 'nevada_opt_out'
  | 'non_discrimination'
  | 'unsubscribe_marketing';

export interface RightFact {
  right: RightCode;
  /** ISO-3166 style codes ("US", "US-CA", "US-NV", "EU", "GB", "JP", ...); empty when the text does not say */
  jurisdictions: string[];
  citation: Citation;
}

export type DeadlineUnit = 'calendar' | 'business' | 'month';

/**
 * A longer period the text allows itself ("or 90 days if we notify you that we need more time": total; "we may
 * extend this by a further 45 days": additional). It is part of the deadline it extends, never a deadline itself.
 */
export interface DeadlineExtension {
  days: number;
  unit: DeadlineUnit;
  /** total: the extended deadline counts from receipt; additional: it is added to the original one */
  mode: 'total' | 'additional';
  /** the words that state it, exactly as in the text (within the deadline's citation or the sentence after it) */
  quote: string;
}

export interface DeadlineFact {
  days: number;
  unit: DeadlineUnit;
  rights: RightCode[];
  jurisdiction: string | null;
  citation: Citation;
  /** absent or null when the text states none */
  extension?: DeadlineExtension | null;
}

type RequirementKind =
  | 'subject_line'
  | 'required_fields'
  | 'verification'
  | 'authorized_agent'
  | 'fee'
  | 'does_not_sell'
  | 'response_promise';

export interface RequirementFact {
  kind: RequirementKind;
  /** subject line text, or a short normalized statement */
  value: string;
  /** for required_fields: e.g. ["name", "email", "mailing_address", "zip_code"] */
  fields: string[];
  /** rights / jurisdictions it applies to, where stated */
  rights: RightCode[];
  jurisdictions: string[];
  citation: Citation;
}

type WarningKind = 'routing' | 'consequence' | 'does_not_sell' | 'other';

export interface WarningFact {
  kind: WarningKind;
  message: string;
  citation: Citation;
}

export interface GapFact {
  /** what the text refers to but does not give */
  missing: ChannelType;
  purpose: ChannelPurpose;
  jurisdictions: string[];
  message: string;
  citation: Citation;
}

export interface PolicyExtraction {
  company: string | null;
  company_citation: Citation | null;
  /** ISO YYYY-MM-DD, or YYYY-MM when only the month is stated, or null */
  effective_date: string | null;
  effective_date_citation: Citation | null;
  products: { name: string; citation: Citation }[];
  channels: ChannelFact[];
  deadlines: DeadlineFact[];
  rights: RightFact[];
  requirements: RequirementFact[];
  warnings: WarningFact[];
  gaps: GapFact[];
  /** problems with the input itself (empty, binary, not a policy, ...) */
  input_warnings: string[];
}

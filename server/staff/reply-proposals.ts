/**
 * From a classified vendor reply to the staff action it proposes, pre-filled, and to what the consumer is told in plain
 * words once it is applied. Pure: the request's facts and its deadline come in, nothing is read or written here.
 */
import type { ReplyClass, ReplyClassification } from '../correspondence/classification/types';
import { addCalendarDays, applyExtension, ruleFor, type Deadline } from '../deadlines';
import { regulatorsFor } from '../mail/regulators';
import { noticeMessage, type NoticeMessage, type RequestStatus } from '../requests';
import { allowedResponses, type ResponseOutcome } from './actions';

/** Below this confidence nothing is proposed: staff read the reply as before. */
export const PROPOSAL_FLOOR = 0.6;

export const PROPOSED_ACTIONS = [
  'needs_information',
  'extension',
  'fulfilled',
  'partially_fulfilled',
  'denied',
  'channel_review',
  'channel_flag',
] as const;
export type ProposedAction = (typeof PROPOSED_ACTIONS)[number];

/** The classes whose proposal can apply itself (the per-class setting); the others never propose an action. */
export const ACTIONABLE_CLASSES = [
  'information_requested',
  'extension',
  'fulfilled',
  'partially_fulfilled',
  'denied',
  'wrong_channel',
  'bounce',
] as const satisfies readonly ReplyClass[];

const ACTION_OF: Partial<Record<ReplyClass, ProposedAction>> = {
  information_requested: 'needs_information',
  extension: 'extension',
  fulfilled: 'fulfilled',
  partially_fulfilled: 'partially_fulfilled',
  denied: 'denied',
  wrong_channel: 'channel_review',
  bounce: 'channel_flag',
};

export interface RequestFacts {
  status: RequestStatus;
  jurisdiction: string;
  right: string;
  channel_type: string;
  channel_value: string | null;
  /** the running deadline (null: none started, or closed) */
  deadline: Deadline | null;
}

export interface Proposal {
  action: ProposedAction | null;
  /** the action's pre-filled fields */
  fields: Record<string, unknown>;
  /** why the proposal would not stand in law (shown to staff; never applied automatically) */
  legalIssue: string | null;
}

const NONE: Proposal = { action: null, fields: {}, legalIssue: null };

/** What the message proposes for its request, or nothing (unconfident, no action for the class, or not allowed now). */
export function proposeAction(
  c: ReplyClassification,
  request: RequestFacts,
  message: { receivedOn: string; bouncedTo?: string | null },
): Proposal {
  const action = ACTION_OF[c.class];
  if (!action || c.confidence < PROPOSAL_FLOOR) return NONE;
  const x = c.extracted;
  if (action === 'channel_review' || action === 'channel_flag') {
    const flagged = action === 'channel_flag' && message.bouncedTo ? message.bouncedTo : request.channel_value;
    return {
      action,
      fields: {
        flagged: {
          type: action === 'channel_flag' && message.bouncedTo ? 'email' : request.channel_type,
          value: flagged,
        },
        ...(action === 'channel_review' ? { proposed: x.url ? { type: 'webform', value: x.url } : null } : {}),
      },
      legalIssue: null,
    };
  }
  const outcome: ResponseOutcome = action;
  if (!allowedResponses(request.status).includes(outcome)) return NONE;
  const received = { received_on: message.receivedOn };
  switch (outcome) {
    case 'needs_information': {
      const items = x.requested_items;
      return {
        action,
        fields: {
          outcome,
          ...received,
          requested_items: items,
          reason: items.length > 0 ? `asked for ${joinWords(items.map(itemWords))}` : 'asked for more information',
          pauses_clock: ruleFor(request.jurisdiction, request.right)?.pause === 'allowed',
        },
        legalIssue: null,
      };
    }
    case 'extension':
      return proposeExtension(c, request, message.receivedOn);
    case 'fulfilled':
    case 'partially_fulfilled':
      return { action, fields: { outcome, ...received, url: x.url }, legalIssue: null };
    case 'denied':
      return {
        action,
        fields: {
          outcome,
          ...received,
          reason_code: x.reason,
          reason: x.reason_text?.trim() || (x.reason ? reasonWords(x.reason) : 'no reason stated'),
          appeal: appealPath(request.jurisdiction),
        },
        legalIssue: null,
      };
  }
}

/** The notice date is the day the reply arrived; the new date is the one stated, or "N more days" after the due date. */
function proposeExtension(c: ReplyClassification, request: RequestFacts, receivedOn: string): Proposal {
  const x = c.extracted;
  const deadline = request.deadline;
  const newDate =
    x.new_due_date ?? (x.extension_days && deadline ? addCalendarDays(deadline.due, x.extension_days) : null);
  const fields: Record<string, unknown> = {
    outcome: 'extension',
    received_on: receivedOn,
    notice_date: receivedOn,
    new_date: newDate,
    extension_days: x.extension_days,
    reason: x.reason_text?.trim() || null,
  };
  if (!deadline) return { action: 'extension', fields, legalIssue: 'no deadline is running for this request' };
  const checked = applyExtension(deadline, newDate ? { noticeDate: receivedOn, newDate } : { noticeDate: receivedOn });
  if (!checked.ok)
    return { action: 'extension', fields, legalIssue: `the law does not allow this extension: ${checked.reason}` };
  return { action: 'extension', fields: { ...fields, effective_due: checked.deadline.due }, legalIssue: null };
}

interface AppealPath {
  kind: 'appeal' | 'complaint';
  /** appeal: the law's citation and the days the company has to answer it; complaint: the regulator */
  citation?: string;
  answer_days?: number;
  regulator?: { name: string; url: string };
}

/** Where the regime gives an appeal to the company (Virginia-model states), that; else a complaint to the regulator. */
export function appealPath(jurisdiction: string): AppealPath | null {
  const appeal = ruleFor(jurisdiction, 'appeal');
  if (appeal && appeal.response.unit === 'calendar_days')
    return { kind: 'appeal', citation: appeal.citation, answer_days: appeal.response.amount };
  const regulator = regulatorsFor(jurisdiction)[0]?.regulator;
  return regulator ? { kind: 'complaint', regulator: { name: regulator.name, url: regulator.url } } : null;
}

export const ITEM_WORDS: Record<string, string> = {
  government_id: 'a copy of a government-issued ID',
  id_document: 'a copy of a government-issued ID',
  identity_document: 'a copy of a government-issued ID',
  proof_of_identity: 'a proof of identity',
  passport: 'a copy of your passport',
  drivers_license: "a copy of your driver's licence",
  photo_id: 'a photo ID',
  proof_of_address: 'a proof of address',
  account_email: 'the email address of your account',
  address: 'your postal address',
  phone: 'your phone number',
  date_of_birth: 'your date of birth',
  signature: 'a signed declaration',
  signed_declaration: 'a signed declaration',
  customer_number: 'your customer number',
  order_number: 'an order number',
  authorization: "the agent's signed authorization",
};
const itemWords = (item: string) => ITEM_WORDS[item] ?? item.replace(/_/g, ' ');

export const REASON_WORDS: Record<string, string> = {
  no_data_found: 'it found no personal data about you',
  not_verified: 'it could not verify your identity',
  identity_not_verified: 'it could not verify your identity',
  exemption: 'it says a legal exemption applies',
  not_resident: 'it says the law does not apply to you because you are not a resident',
  not_applicable: 'it says the law does not apply to it',
  excessive: 'it says the request is manifestly unfounded or excessive',
  agent_not_authorized: 'it did not accept the agent’s authorization',
};
const reasonWords = (code: string) => REASON_WORDS[code] ?? code.replace(/_/g, ' ');

function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** What the consumer is told, in plain words, once a proposal is applied; null when the consumer has nothing to learn. */
export interface ConsumerNotice {
  headline: string;
  paragraphs: string[];
  action_label?: string;
  action_url?: string;
  /** the same as a code with its parameters, for the status page to say in the consumer's language */
  message: NoticeMessage;
}

export function consumerNotice(
  action: ProposedAction,
  fields: Record<string, unknown>,
  ctx: { vendorName: string; requestUrl: string; answerUrl: string },
): ConsumerNotice | null {
  const english = englishNotice(action, fields, ctx);
  const message = noticeMessage(action, fields, ctx.vendorName, reasonWords);
  return english && message ? { ...english, message } : null;
}

function englishNotice(
  action: ProposedAction,
  fields: Record<string, unknown>,
  ctx: { vendorName: string; requestUrl: string; answerUrl: string },
): Omit<ConsumerNotice, 'message'> | null {
  const v = ctx.vendorName;
  switch (action) {
    case 'needs_information': {
      const items = (fields.requested_items as string[] | undefined) ?? [];
      const identity = items.some((i) => /(^|_)id($|_)|identity|passport|licen[cs]e|signature|declaration/.test(i));
      return {
        headline: identity ? `${v} asked for proof of identity` : `${v} asked for more information`,
        paragraphs: [
          items.length > 0
            ? `${v} needs this before it answers your request. It asked for ${joinWords(items.map(itemWords))}.`
            : `${v} needs more information before it answers your request. Read its reply on your request page to see what it asked.`,
          `Here is how to answer: open your request page and use "Answer the company". Write a short answer and, if a document is asked for, attach it (a PDF, PNG or JPEG). We send it to ${v} in the same email thread, so your answer is on record.`,
          fields.pauses_clock
            ? `The law stops ${v}'s deadline until you answer, so answering soon keeps your request moving.`
            : `${v}'s deadline keeps running while you answer. Send only what is needed to identify you.`,
        ],
        action_label: `Answer ${v}`,
        action_url: ctx.answerUrl,
      };
    }
    case 'extension':
      return {
        headline: fields.new_date
          ? `${v} extended its deadline to ${String(fields.effective_due ?? fields.new_date)}`
          : `${v} extended its deadline`,
        paragraphs: [
          `${v} told us it needs more time to answer your request.${fields.reason ? ` Reason given: ${String(fields.reason)}` : ''}`,
          'The law allows one extension when the company gives notice in time. You do not need to do anything now; we remind the company if the new date passes.',
        ],
      };
    case 'fulfilled':
    case 'partially_fulfilled': {
      const url = typeof fields.url === 'string' && /^https?:\/\//.test(fields.url) ? fields.url : undefined;
      const partly = action === 'partially_fulfilled';
      return {
        headline: partly ? `${v} did part of what you asked` : `${v} says it has done what you asked`,
        paragraphs: [
          url
            ? `How to get your data: ${v} gave a download link (${url}). Such links often expire, so download it soon.`
            : `How to get your data: any file ${v} sent is attached to its reply on your request page.`,
          partly
            ? `${v} did not do all of it. Read its reply to see what is missing; you can answer it from your request page, or complain to the regulator if you think it should have done more.`
            : `If something is missing or wrong, answer ${v} from your request page.`,
        ],
        ...(url ? { action_label: 'Get your data', action_url: url } : {}),
      };
    }
    case 'denied': {
      const appeal = fields.appeal as AppealPath | null | undefined;
      const next =
        appeal?.kind === 'appeal'
          ? `What you can do next: the law lets you appeal (${appeal.citation}). Ask ${v} to reconsider; it must answer your appeal within ${appeal.answer_days} days, and if it refuses again you can complain to your state's Attorney General.`
          : appeal?.kind === 'complaint'
            ? `What you can do next: if you think the refusal is wrong, you can complain to ${appeal.regulator!.name} (${appeal.regulator!.url}).`
            : 'What you can do next: if you think the refusal is wrong, you can complain to the data-protection regulator.';
      return {
        headline: `${v} refused your request`,
        paragraphs: [`Reason given: ${String(fields.reason ?? 'none')}.`, next],
        ...(appeal?.kind === 'complaint'
          ? { action_label: `Complain to ${appeal.regulator!.name}`, action_url: appeal.regulator!.url }
          : {}),
      };
    }
    case 'channel_review':
      return {
        headline: `${v} asked for requests to go through its own form`,
        paragraphs: [
          `${v} answered that it takes requests through another channel${(fields.proposed as { value?: string } | null)?.value ? ` (${(fields.proposed as { value: string }).value})` : ''}. Our staff check it and send your request there; you do not need to do anything.`,
        ],
      };
    case 'channel_flag':
      return null; // the returned-letter notice already told them
  }
}

/**
 * What staff may do to a request in each status. Status changes follow the lifecycle table (TRANSITIONS); actions that
 * change no status (assign, note, escalate) have their own rule here. Request detail shows this list, and a refused
 * action answers 409 with it.
 */
import { AppError } from '../http';
import { canTransition, type RequestStatus } from '../requests';

const STAFF_ACTIONS = [
  'assign',
  'note',
  'dispatch',
  'response',
  'information_supplied',
  'resend',
  'escalate',
  'close',
  'withdraw',
  'reopen',
] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

export const RESPONSE_OUTCOMES = [
  'fulfilled',
  'partially_fulfilled',
  'denied',
  'needs_information',
  'extension',
] as const;
export type ResponseOutcome = (typeof RESPONSE_OUTCOMES)[number];

/** The status each recorded vendor response moves the request to. */
export const RESPONSE_STATUS: Record<ResponseOutcome, RequestStatus> = {
  fulfilled: 'completed',
  partially_fulfilled: 'completed',
  denied: 'denied',
  needs_information: 'awaiting_information',
  extension: 'extended',
};

/** The vendor has received the request and owes an answer: the deadline runs. */
const AWAITING_VENDOR: readonly RequestStatus[] = ['sent', 'awaiting_information', 'extended'];
const REOPENABLE: readonly RequestStatus[] = ['completed', 'denied', 'closed', 'withdrawn'];

export interface ActionFacts {
  status: RequestStatus;
  channel_type: string;
}

export function allowedResponses(status: RequestStatus): ResponseOutcome[] {
  return RESPONSE_OUTCOMES.filter((o) => status !== RESPONSE_STATUS[o] && canTransition(status, RESPONSE_STATUS[o]));
}

function allowed(action: StaffAction, r: ActionFacts): boolean {
  switch (action) {
    case 'assign':
      return r.status !== 'closed' && r.status !== 'withdrawn';
    case 'note':
      return true;
    case 'dispatch':
      return r.status === 'ready_to_dispatch' && ['postal', 'webform', 'phone'].includes(r.channel_type);
    case 'response':
      return allowedResponses(r.status).length > 0;
    case 'information_supplied':
      return r.status === 'awaiting_information' && canTransition(r.status, 'sent');
    case 'resend':
      return r.status === 'dispatch_failed' && canTransition(r.status, 'ready_to_dispatch');
    case 'escalate':
      return AWAITING_VENDOR.includes(r.status) && ['email', 'postal'].includes(r.channel_type);
    case 'close':
      return canTransition(r.status, 'closed');
    case 'withdraw':
      return canTransition(r.status, 'withdrawn');
    case 'reopen':
      return REOPENABLE.includes(r.status);
  }
}

export function allowedActions(r: ActionFacts): StaffAction[] {
  return STAFF_ACTIONS.filter((a) => allowed(a, r));
}

/** 409 problem naming the current status and what may be done instead. */
export function refused(r: ActionFacts, action: string, detail?: string): AppError {
  return new AppError('invalid_transition', detail ?? `A request that is ${r.status} cannot be given "${action}".`, {
    request_status: r.status,
    action,
    allowed_actions: allowedActions(r),
    allowed_responses: allowedResponses(r.status),
  });
}

/** Throws the 409 unless the action is allowed now. */
export function ensureAllowed(r: ActionFacts, action: StaffAction): void {
  if (!allowed(action, r)) throw refused(r, action);
}

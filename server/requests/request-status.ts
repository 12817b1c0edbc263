/**
 * The request lifecycle as an enum plus a transition table. A request is created (on verification) either ready to
 * dispatch or needing research (no usable contact yet); later features (dispatch, replies, staff) move it on, each
 * transition writing its event in the same transaction.
 */
export const REQUEST_STATUSES = [
  'needs_research',
  'ready_to_dispatch',
  'sent',
  'dispatch_failed',
  'awaiting_information',
  'extended',
  'completed',
  'denied',
  'withdrawn',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Statuses in which a request is finished: it no longer blocks a new request for the same vendor and right. */
export const CLOSED_STATUSES: readonly RequestStatus[] = ['completed', 'denied', 'withdrawn', 'closed'];

export const TRANSITIONS: Readonly<Record<RequestStatus, readonly RequestStatus[]>> = {
  needs_research: ['ready_to_dispatch', 'withdrawn', 'closed'],
  ready_to_dispatch: ['sent', 'needs_research', 'dispatch_failed', 'withdrawn'],
  sent: ['awaiting_information', 'extended', 'completed', 'denied', 'dispatch_failed', 'withdrawn', 'closed'],
  dispatch_failed: ['ready_to_dispatch', 'needs_research', 'withdrawn', 'closed'],
  awaiting_information: ['sent', 'extended', 'completed', 'denied', 'withdrawn', 'closed'],
  extended: ['awaiting_information', 'completed', 'denied', 'withdrawn', 'closed'],
  // Reopening (staff): back to waiting on the vendor once it received the request, else back to dispatch or research.
  completed: ['closed', 'sent'],
  denied: ['closed', 'sent'],
  withdrawn: ['sent', 'ready_to_dispatch', 'needs_research'],
  closed: ['sent', 'ready_to_dispatch', 'needs_research'],
};

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The status a freshly verified request starts in. */
export const initialStatus = (hasChannel: boolean): RequestStatus => (hasChannel ? 'ready_to_dispatch' : 'needs_research');

export const SUBMISSION_STATUSES = ['pending_verification', 'verified'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

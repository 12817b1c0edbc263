/**
 * Typed refusals of deadline changes, already shaped as API problems: state conflicts are 409, dates that the law does
 * not accept are 422 naming the field. Services throw (or return) them; routers only pass them on.
 */
import { AppError, validationFailed } from '../http';
import { DeadlineInputError } from './compute';
import type { EventRefusalCode } from './events';

export type DeadlineRefusalCode =
  EventRefusalCode | 'request_not_found' | 'already_started' | 'not_started' | 'clock_closed';

/**
 * Refusals caused by a date the caller gave (422), with the field of the staff API's body it came from (the vendor's
 * answer: notice_date, new_date, received_on; information supplied: supplied_on); everything else is a state conflict.
 */
const FIELD_OF: Partial<Record<DeadlineRefusalCode, string>> = {
  notice_before_receipt: 'notice_date',
  notice_too_late: 'notice_date',
  new_date_not_later: 'new_date',
  new_date_beyond_maximum: 'new_date',
  pause_outside_clock: 'received_on',
  resume_before_pause: 'supplied_on',
};

export class DeadlineRefusedError extends AppError {
  constructor(
    readonly refusal: DeadlineRefusalCode,
    reason: string,
  ) {
    const field = FIELD_OF[refusal];
    super(refusal === 'request_not_found' ? 'not_found' : field ? 'validation_failed' : 'invalid_transition', reason, {
      refusal,
      ...(field ? { errors: [{ field, message: reason }] } : {}),
    });
    this.name = 'DeadlineRefusedError';
  }
}

/** The engine's input errors as a 422 naming the parameter and, where it helps, what is supported. */
function inputProblem(err: DeadlineInputError): AppError {
  return validationFailed(
    [{ field: err.parameter, message: err.message }],
    undefined,
    err.supported ? { supported: err.supported } : {},
  );
}

/** Runs engine code, turning its input errors into API problems. */
export function withInputProblems<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DeadlineInputError) throw inputProblem(err);
    throw err;
  }
}

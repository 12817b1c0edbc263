/**
 * Typed refusals of clock changes, already shaped as API problems: state conflicts are 409, dates that the law does
 * not accept are 422 naming the field. Services throw (or return) them; routers only pass them on.
 */
import { AppError, validationFailed } from '../http';
import { DeadlineInputError } from './compute';
import type { EventRefusalCode } from './events';

export type ClockRefusalCode =
  EventRefusalCode | 'request_not_found' | 'already_started' | 'not_started' | 'clock_closed';

/** Refusals caused by a date the caller gave (422), with the field it came from; everything else is a state conflict. */
const FIELD_OF: Partial<Record<ClockRefusalCode, string>> = {
  notice_before_receipt: 'noticeDate',
  notice_too_late: 'noticeDate',
  new_date_not_later: 'newDate',
  new_date_beyond_maximum: 'newDate',
  pause_outside_clock: 'from',
  resume_before_pause: 'at',
};

export class ClockRefusedError extends AppError {
  constructor(
    readonly refusal: ClockRefusalCode,
    reason: string,
  ) {
    const field = FIELD_OF[refusal];
    super(refusal === 'request_not_found' ? 'not_found' : field ? 'validation_failed' : 'invalid_transition', reason, {
      refusal,
      ...(field ? { errors: [{ field, message: reason }] } : {}),
    });
    this.name = 'ClockRefusedError';
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

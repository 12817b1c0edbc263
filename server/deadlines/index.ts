/** Public API of the deadlines feature: the pure engine (no I/O, no clock reads), then the deadlines of real requests. */
export {
  RULES,
  SUPPORTED_JURISDICTIONS,
  rightsAvailable,
  ruleFor,
  isSupportedJurisdiction,
  resolveRight,
} from './rules';
export type { RightCode } from './rules';
export {
  addCalendarDays,
  calendarFor,
  daysBetween,
  isBusinessDay,
  parseIsoDate,
  receiptDate,
  timezoneFor,
  utcDate,
} from './calendar';
export { computeDeadline, DeadlineInputError, promiseCoversJurisdiction } from './compute';
export type { Deadline, PauseInterval, VendorPromise } from './compute';
export { explanationItemSchema, explanationLine } from './explanation';
export type { ExplanationItem } from './explanation';
export { applyExtension, applyPause, resume, milestonesFor } from './events';
export type { EventResult } from './events';
export { vendorPromisesFrom } from './vendor-promises';
export { DeadlineRefusedError } from './deadline-errors';
export {
  closeDeadline,
  pauseDeadline,
  recordExtension,
  reopenDeadline,
  resumeDeadline,
  startDeadline,
  voidDeadline,
} from './deadlines.service';
export { type DeadlineRow, type MilestoneRow } from './deadlines.repository';
export { sweepDueMilestones, SWEEP_SCHEDULER } from './sweep.job';
export { deliverMilestone, requestLetterLanguage } from './milestone-notifications';
export { basisOf, dueStatement, legalDeadlinePassed, planMilestoneMails } from './milestone-letters';
export { registerDeadlineRoutes } from './deadlines.routes';

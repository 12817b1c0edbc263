/** Public API of the deadlines feature: the pure engine (no I/O, no clock reads), then the clocks of real requests. */
export {
  RULES,
  RULES_VERSION,
  RIGHT_CODES,
  SUPPORTED_JURISDICTIONS,
  EU_EEA,
  US_OTHER_STATES,
  PIPEDA_PROVINCES,
  rightsAvailable,
  regimeFor,
  ruleFor,
  isSupportedJurisdiction,
  resolveRight,
} from './rules';
export type { RightCode, RegimeCode, RuleRow, Clock, ClockUnit, Confidence } from './rules';
export {
  addBusinessDays,
  addCalendarDays,
  addCalendarMonths,
  calendarFor,
  daysBetween,
  holidaysFor,
  isBusinessDay,
  isWeekend,
  parseIsoDate,
  receiptDate,
  rollForward,
  timezoneFor,
} from './calendar';
export type { BusinessCalendar, Holiday, IsoDate } from './calendar';
export { computeDeadline, DeadlineInputError, pausedDays, promiseCoversJurisdiction } from './compute';
export type {
  BasisEntry,
  Deadline,
  DeadlineInput,
  ExtensionNotice,
  PauseInterval,
  RefusalCode,
  VendorCitation,
  VendorPromise,
} from './compute';
export { applyExtension, applyPause, resume, milestonesFor } from './events';
export type { EventResult, EventRefusalCode, Milestone, MilestoneKind } from './events';
export { vendorPromisesFrom, mapExtractorRights } from './vendor-promises';
export { ClockRefusedError, inputProblem, type ClockRefusalCode } from './clock-errors';
export {
  closeClock,
  pauseClock,
  recordExtension,
  reopenClock,
  resumeClock,
  startClock,
  voidClock,
} from './clocks.service';
export type { Actor, ClockChange, ExtensionOutcome } from './clocks.service';
export { fireAt, type ClockRow, type MilestoneRow } from './clocks.repository';
export { sweepDueMilestones, SWEEP_SCHEDULER, type SweepResult } from './sweep.job';
export { deliverMilestone, type DeliveryOutcome } from './milestone-notifications';
export { basisOf, dueStatement, legalDeadlinePassed, planMilestoneMails, type DueStatement } from './milestone-letters';
export { registerDeadlineRoutes } from './deadlines.routes';

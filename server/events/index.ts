/** Public API of the event history: the catalogue of event types and its one writer. */
export {
  CATALOGUE,
  EVENT_TYPES,
  type EventPayload,
  type EventSubject,
  type EventType,
  type StatusEventType,
} from './catalogue';
export {
  EventRefusedError,
  eventsInsertSql,
  recordEvent,
  recordEvents,
  type EventActor,
  type NewEvent,
} from './record';

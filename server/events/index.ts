/** Public API of the event history: the catalogue of event types and its one writer. */
export { CATALOGUE, type EventPayload, type StatusEventType } from './catalogue';
export { EventRefusedError, eventsInsertSql, recordEvent, recordEvents } from './record';

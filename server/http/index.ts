export { ApiRouter, toOpenApiPath } from './api-router';
export { clientApp } from './client-app';
export { AppError, conflict, notFound, validationFailed, type FieldError } from './errors';
export { createLogger } from './logger';
export { notFoundHandler, problemHandler } from './problem';
export { accessLog } from './access-log';
export { multiLine, multiLineText, textProblem } from './text-safety';
export { uploadedFile } from './upload';
export {
  createGuardedFetch,
  createGuardedSend,
  GuardedFetchError,
  type GuardedFetch,
  type GuardedSend,
} from './guarded-fetch';

export { ApiRouter, toOpenApiPath, type RouteInput, type RouteSpec } from './api-router';
export { clientApp, CLIENT_DIST } from './client-app';
export { AppError, conflict, ERROR_CODES, notFound, validationFailed, type ErrorCode, type FieldError } from './errors';
export { createLogger } from './logger';
export { notFoundHandler, problemBody, problemHandler, PROBLEM_CONTENT_TYPE } from './problem';
export { requestIdFor } from './request-id';
export { multiLine, multiLineText, textProblem, unsafeTextErrors } from './text-safety';
export { parseOrThrow } from './validate';
export { uploadedFile, type UploadSpec } from './upload';
export { AddressPolicy } from './address-policy';
export {
  createGuardedFetch,
  FETCH_DEFAULTS,
  GuardedFetchError,
  type FetchedResource,
  type GuardedFetch,
  type GuardedFetchOptions,
} from './guarded-fetch';

import type { RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { AppError, validationFailed } from './errors';

/** A route that takes one file in a multipart/form-data body. */
export interface UploadSpec {
  /** the form field that carries the file, e.g. "file" */
  field: string;
  /** largest file accepted, in bytes */
  maxBytes: number;
}

/**
 * Buffers one file in memory (multer), refusing anything over the limit while it streams in. Multer's own errors
 * become problems naming the field: 413 for too large, 422 for a file sent under another field name, 400 for a
 * body that is not a readable form.
 */
export function uploadMiddleware(spec: UploadSpec): RequestHandler {
  const single = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: spec.maxBytes, files: 1, fields: 50, parts: 60, fieldSize: 64 * 1024 },
  }).single(spec.field);
  return (req, res, next) => {
    single(req, res, (err?: unknown) => {
      if (!err) return next();
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') {
          return next(
            new AppError('payload_too_large', `The file is larger than the limit of ${spec.maxBytes} bytes.`, {
              errors: [{ field: spec.field, message: `larger than ${spec.maxBytes} bytes` }],
            }),
          );
        }
        if (err.code === 'LIMIT_UNEXPECTED_FILE' || err.code === 'LIMIT_FILE_COUNT') {
          return next(
            validationFailed([
              { field: err.field ?? spec.field, message: `send exactly one file, in the form field "${spec.field}"` },
            ]),
          );
        }
        return next(
          new AppError('bad_request', `The form could not be read: ${err.message}.`, {
            errors: [{ field: err.field ?? 'body', message: err.message }],
          }),
        );
      }
      next(
        new AppError('bad_request', 'The multipart form could not be read.', {
          errors: [{ field: 'body', message: 'not a readable multipart/form-data body' }],
        }),
      );
    });
  };
}

/** The schema of an uploaded file: validates that one arrived and documents it as binary in OpenAPI. */
export const uploadedFile = (description: string) =>
  z
    .custom<Express.Multer.File>(
      (v) => typeof v === 'object' && v !== null && Buffer.isBuffer((v as { buffer?: unknown }).buffer),
      {
        message: 'attach the file (multipart/form-data)',
      },
    )
    .meta({ type: 'string', format: 'binary', description } as Record<string, unknown>);

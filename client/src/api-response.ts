/** The API's answers as types, from the OpenAPI document (no DOM: pure types, shared with the tests). */
import type { paths } from './generated/api-types';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
type SuccessOf<R> = R extends { 200: infer A }
  ? A
  : R extends { 201: infer A }
    ? A
    : R extends { 202: infer A }
      ? A
      : never;

/**
 * The JSON the API answers (its success status) for a documented path and method, as the server declares it: the
 * types are generated from the OpenAPI document (`npm run client:types`), so a server change that breaks a page
 * fails the client's type-check. `P` is the documented path: `/api/requests/{id}`.
 */
export type ApiResponse<P extends keyof paths, M extends Method = 'get'> = JsonOf<
  SuccessOf<Operation<P, M> extends { responses: infer R } ? R : never>
>;

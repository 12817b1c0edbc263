import { z } from 'zod';
import { AppError, multiLine, type ApiRouter } from '../http';
import { RESPONSE_OUTCOMES } from './actions';
import type { ActionDeps } from './action-support';
import { ESCALATION_JUSTIFICATIONS, escalateRequest } from './escalate.service';
import { staffChange, staffIdOf } from './guards';
import {
  addNote,
  assignRequest,
  closeRequest,
  currentStatus,
  reopenRequest,
  resendRequest,
} from './request-actions.service';
import { recordInformationSupplied, recordVendorResponse } from './vendor-response.service';

const idParams = z.object({ id: z.coerce.number().int().positive() });
const reason = multiLine(z.string().trim().min(1).max(2000));
const bulkIds = z
  .array(z.number().int().positive())
  .min(1)
  .max(200)
  .refine((ids) => new Set(ids).size === ids.length, 'ids must not repeat');
const optionalReason = z.object({ reason: reason.optional() });
const changed = z.object({ id: z.number(), status: z.string() }).loose();
const ok = (description: string) => ({ 200: { description, schema: changed } });

/** POST /api/staff/requests/:id/<action>, and bulk assign / close. */
export function registerRequestActionRoutes(api: ApiRouter, deps: ActionDeps): void {
  const action = <B extends z.ZodType>(
    name: string,
    summary: string,
    body: B,
    run: (id: number, staffId: number, body: z.infer<B>) => Promise<unknown>,
  ) =>
    api.route(
      {
        method: 'post',
        path: `/api/staff/requests/:id/${name}`,
        summary,
        tags: ['staff'],
        before: staffChange,
        params: idParams,
        body,
        responses: ok('Done'),
      },
      ({ params, body: input, req }) => run(params.id, staffIdOf(req), input as z.infer<B>),
    );

  action(
    'assign',
    'Assign the request to a staff member (assignee_id null unassigns)',
    z.object({ assignee_id: z.number().int().positive().nullable(), reason: reason.optional() }),
    async (requestId, staffId, b) => {
      const out = await assignRequest(deps, {
        requestId,
        staffId,
        assigneeId: b.assignee_id,
        ...(b.reason ? { reason: b.reason } : {}),
      });
      return { ...out, status: await currentStatus(deps, requestId) };
    },
  );
  action(
    'response',
    "Record the vendor's answer: fulfilled, partially fulfilled, denied (reason), needs information, or extension (notice and new date)",
    z.object({
      outcome: z.enum(RESPONSE_OUTCOMES),
      received_on: z.iso.date().optional(),
      reason: reason.optional(),
      notice_date: z.iso.date().optional(),
      new_date: z.iso.date().optional(),
    }),
    (requestId, staffId, b) =>
      recordVendorResponse(deps, {
        requestId,
        staffId,
        outcome: b.outcome,
        receivedOn: b.received_on,
        reason: b.reason,
        noticeDate: b.notice_date,
        newDate: b.new_date,
      }),
  );
  action(
    'notes',
    'Add a note to the request',
    z.object({ body: multiLine(z.string().trim().min(1).max(10_000)) }),
    async (requestId, staffId, b) => {
      const note = await addNote(deps, { requestId, staffId, body: b.body });
      return { ...note, id: requestId, note_id: note.id, status: await currentStatus(deps, requestId) };
    },
  );
  action('resend', 'Send a failed letter again through the dispatch path', optionalReason, (requestId, staffId, b) =>
    resendRequest(deps, { requestId, staffId, reason: b.reason }),
  );
  action(
    'escalate',
    'Send the follow-up letter (vendor_follow_up) to the vendor now. Before the effective due date only with a justification (the vendor refused, or asked for something unlawful) and a reason, which the letter states',
    z
      .object({ reason: reason.optional(), justification: z.enum(ESCALATION_JUSTIFICATIONS).optional() })
      .refine((b) => !b.justification || !!b.reason, {
        path: ['reason'],
        message: 'say what the vendor did: the letter states it',
      }),
    (requestId, staffId, b) =>
      escalateRequest(deps, { requestId, staffId, reason: b.reason, justification: b.justification }),
  );
  action(
    'close',
    'Close the request, or withdraw it (kind "withdraw"); the deadline stops',
    z.object({ kind: z.enum(['close', 'withdraw']).default('close'), reason }),
    (requestId, staffId, b) => closeRequest(deps, { requestId, staffId, kind: b.kind, reason: b.reason }),
  );
  action(
    'information-supplied',
    'The consumer supplied what the vendor asked for: the vendor owes an answer again (a paused deadline restarts)',
    z.object({ supplied_on: z.iso.date().optional(), reason: reason.optional() }),
    (requestId, staffId, b) =>
      recordInformationSupplied(deps, {
        requestId,
        staffId,
        ...(b.supplied_on ? { suppliedOn: b.supplied_on } : {}),
        ...(b.reason ? { reason: b.reason } : {}),
      }),
  );
  action('reopen', 'Reopen a finished request', z.object({ reason }), (requestId, staffId, b) =>
    reopenRequest(deps, { requestId, staffId, reason: b.reason }),
  );

  api.route(
    {
      method: 'post',
      path: '/api/staff/requests/bulk',
      summary: 'Assign or close many requests; each id succeeds or fails on its own',
      tags: ['staff'],
      before: staffChange,
      body: z.discriminatedUnion('action', [
        z.object({
          action: z.literal('assign'),
          ids: bulkIds,
          assignee_id: z.number().int().positive().nullable(),
          reason: reason.optional(),
        }),
        z.object({
          action: z.literal('close'),
          ids: bulkIds,
          kind: z.enum(['close', 'withdraw']).default('close'),
          reason,
        }),
      ]),
      responses: {
        200: {
          description: 'One result per id, in the order given',
          schema: z.object({
            results: z.array(
              z.object({
                id: z.number(),
                ok: z.boolean(),
                status: z.string().optional(),
                error: z.object({ code: z.string(), detail: z.string() }).loose().optional(),
              }),
            ),
          }),
        },
      },
    },
    async ({ body, req }) => {
      const staffId = staffIdOf(req);
      const results = [];
      for (const requestId of body.ids) {
        try {
          const out =
            body.action === 'assign'
              ? await assignRequest(deps, {
                  requestId,
                  staffId,
                  assigneeId: body.assignee_id,
                  ...(body.reason ? { reason: body.reason } : {}),
                })
              : await closeRequest(deps, { requestId, staffId, kind: body.kind, reason: body.reason });
          const status = 'status' in out ? out.status : await currentStatus(deps, requestId);
          results.push({ id: requestId, ok: true, status });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id: requestId, ok: false, error: { code: err.code, detail: err.detail, ...err.extra } });
        }
      }
      return { results };
    },
  );
}

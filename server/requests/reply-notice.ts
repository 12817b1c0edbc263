/**
 * What a company's classified reply means for the consumer, as data: a stable `code` (the action staff, or a rule they
 * agreed to, applied) and its `params`, so the status page says it in the consumer's language
 * (client/src/consumer/notices.ts). The English notice (headline and paragraphs, also emailed) is written from the same
 * fields by server/staff/reply-proposals.ts. What stays as written: the company's own words (its reason, a channel it
 * named), a URL, the law's citation and the regulator's name.
 */
import { z } from 'zod';

const vendor = z.string().describe("the company's name");

export const noticeMessageSchema = z.discriminatedUnion('code', [
  z.object({
    code: z.literal('needs_information'),
    params: z.object({
      vendor,
      items: z.array(z.string()).describe('what it asked for, as codes (government_id, proof_of_address, ...)'),
      identity: z.boolean().describe('one of them proves identity'),
      pauses_clock: z.boolean().describe("the law stops the company's deadline until the consumer answers"),
    }),
  }),
  z.object({
    code: z.literal('extension'),
    params: z.object({
      vendor,
      new_date: z.string().nullable(),
      reason: z.string().nullable().describe("the company's own words"),
    }),
  }),
  z.object({
    code: z.enum(['fulfilled', 'partially_fulfilled']),
    params: z.object({ vendor, url: z.string().nullable().describe('a download link it gave') }),
  }),
  z.object({
    code: z.literal('denied'),
    params: z.object({
      vendor,
      reason_code: z.string().nullable().describe('no_data_found, not_verified, exemption, ...'),
      reason_text: z.string().nullable().describe("the company's own words, when it gave some"),
      appeal: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('appeal'), citation: z.string(), answer_days: z.number() }),
          z.object({ kind: z.literal('complaint'), regulator: z.object({ name: z.string(), url: z.string() }) }),
        ])
        .nullable()
        .describe('an appeal to the company (with the law and its days), else a complaint to the regulator'),
    }),
  }),
  z.object({
    code: z.literal('channel_review'),
    params: z.object({ vendor, channel: z.string().nullable().describe('the channel the company named') }),
  }),
]);
export type NoticeMessage = z.infer<typeof noticeMessageSchema>;

type AppealFields =
  | { kind: 'appeal'; citation?: string; answer_days?: number }
  | { kind: 'complaint'; regulator?: { name: string; url: string } };

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * The message for an applied action with the proposal's fields; null where the consumer is not told (a returned
 * letter, told by its own notice). `reasonWords(code)` is the English wording a reason code would have been given, so
 * a reason that is only that wording is sent as its code.
 */
export function noticeMessage(
  action: string,
  fields: Record<string, unknown>,
  vendorName: string,
  reasonWords: (code: string) => string,
): NoticeMessage | null {
  const v = vendorName;
  switch (action) {
    case 'needs_information': {
      const items = ((fields.requested_items as string[] | undefined) ?? []).filter((i) => typeof i === 'string');
      return {
        code: 'needs_information',
        params: {
          vendor: v,
          items,
          identity: items.some((i) => /(^|_)id($|_)|identity|passport|licen[cs]e|signature|declaration/.test(i)),
          pauses_clock: Boolean(fields.pauses_clock),
        },
      };
    }
    case 'extension':
      return {
        code: 'extension',
        params: {
          vendor: v,
          new_date: fields.new_date ? String(fields.effective_due ?? fields.new_date) : null,
          reason: text(fields.reason),
        },
      };
    case 'fulfilled':
    case 'partially_fulfilled': {
      const url = typeof fields.url === 'string' && /^https?:\/\//.test(fields.url) ? fields.url : null;
      return { code: action, params: { vendor: v, url } };
    }
    case 'denied': {
      const code = text(fields.reason_code);
      const reason = text(fields.reason);
      const worded =
        reason === null || reason === 'no reason stated' || (code !== null && reason === reasonWords(code));
      const appeal = fields.appeal as AppealFields | null | undefined;
      return {
        code: 'denied',
        params: {
          vendor: v,
          reason_code: code,
          reason_text: worded ? null : reason,
          appeal:
            appeal?.kind === 'appeal' && appeal.citation && typeof appeal.answer_days === 'number'
              ? { kind: 'appeal', citation: appeal.citation, answer_days: appeal.answer_days }
              : appeal?.kind === 'complaint' && appeal.regulator
                ? { kind: 'complaint', regulator: { name: appeal.regulator.name, url: appeal.regulator.url } }
                : null,
        },
      };
    }
    case 'channel_review':
      return {
        code: 'channel_review',
        params: { vendor: v, channel: text((fields.proposed as { value?: unknown } | null | undefined)?.value) },
      };
    default:
      return null;
  }
}

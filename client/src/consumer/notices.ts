import type { TFunction } from 'i18next';
import type { ApiResponse } from '../api-response';

/** What a company's reply means, as the API sends it: a code and its parameters (server/requests/reply-notice.ts). */
export type NoticeMessage = NonNullable<ApiResponse<'/api/requests/{id}'>['reply_notices'][number]['message']>;

export interface NoticeView {
  headline: string;
  paragraphs: string[];
  /** `answer`: the answer form on this page; else a link out (the download, the regulator) */
  action?: { label: string; answer: true } | { label: string; url: string };
}

/** What the company asked for, in words; a code we have no words for is shown readable. */
function itemWords(t: TFunction, code: string): string {
  return t(`notices.item_${code}`, { defaultValue: code.replace(/_/g, ' ') });
}

/**
 * The notice in the language of `t`, said for the status page (the English email says the same with its own links).
 * `date` formats an ISO date; `list` joins words ("a, b and c") in the page's language.
 */
export function noticeView(
  m: NoticeMessage,
  t: TFunction,
  date: (iso: string) => string,
  list: (items: string[]) => string,
): NoticeView {
  const vendor = m.params.vendor;
  switch (m.code) {
    case 'needs_information': {
      const p = m.params;
      return {
        headline: t(p.identity ? 'notices.needsIdentity' : 'notices.needsInformation', { vendor }),
        paragraphs: [
          p.items.length
            ? t('notices.askedFor', { vendor, items: list(p.items.map((i) => itemWords(t, i))) })
            : t('notices.askedUnspecified', { vendor }),
          t('notices.howToAnswer', { vendor }),
          t(p.pauses_clock ? 'notices.clockPaused' : 'notices.clockRuns', { vendor }),
        ],
        action: { label: t('status.answer', { name: vendor }), answer: true },
      };
    }
    case 'extension': {
      const p = m.params;
      return {
        headline: p.new_date
          ? t('notices.extendedTo', { vendor, date: date(p.new_date) })
          : t('notices.extended', { vendor }),
        paragraphs: [
          p.reason
            ? `${t('notices.moreTime', { vendor })} ${t('notices.reasonGiven', { reason: p.reason })}`
            : t('notices.moreTime', { vendor }),
          t('notices.extensionAllowed'),
        ],
      };
    }
    case 'fulfilled':
    case 'partially_fulfilled': {
      const partly = m.code === 'partially_fulfilled';
      const url = m.params.url;
      return {
        headline: t(partly ? 'notices.partlyDone' : 'notices.done', { vendor }),
        paragraphs: [
          url ? t('notices.downloadLink', { vendor, url }) : t('notices.attached', { vendor }),
          t(partly ? 'notices.partlyMissing' : 'notices.somethingMissing', { vendor }),
        ],
        ...(url ? { action: { label: t('notices.getData'), url } } : {}),
      };
    }
    case 'denied': {
      const p = m.params;
      const reason = p.reason_text
        ? t('notices.refusalReason', { reason: p.reason_text.replace(/[.。]\s*$/, '') })
        : p.reason_code
          ? t('notices.refusalReason', {
              reason: t(`notices.reason_${p.reason_code}`, { defaultValue: p.reason_code.replace(/_/g, ' ') }),
            })
          : t('notices.noReason');
      const next =
        p.appeal?.kind === 'appeal'
          ? t('notices.appeal', { vendor, citation: p.appeal.citation, count: p.appeal.answer_days })
          : p.appeal?.kind === 'complaint'
            ? t('notices.complaint', { regulator: p.appeal.regulator.name, url: p.appeal.regulator.url })
            : t('notices.complaintGeneric');
      return {
        headline: t('notices.refused', { vendor }),
        paragraphs: [reason, next],
        ...(p.appeal?.kind === 'complaint'
          ? {
              action: {
                label: t('notices.complain', { regulator: p.appeal.regulator.name }),
                url: p.appeal.regulator.url,
              },
            }
          : {}),
      };
    }
    case 'channel_review':
      return {
        headline: t('notices.ownForm', { vendor }),
        paragraphs: [
          m.params.channel
            ? t('notices.otherChannelNamed', { vendor, channel: m.params.channel })
            : t('notices.otherChannel', { vendor }),
        ],
      };
  }
}

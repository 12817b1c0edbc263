import type { TFunction } from 'i18next';
import { useState } from 'react';
import { download, type ApiResponse } from '../api';
import { usePageLanguage } from '../i18n/page';
import { formatDateTime } from './DaysLeft';

/** A vendor message as the API answers it (the HTML already reduced to an allow-list by the server). */
export type Reply = ApiResponse<'/api/requests/{id}/replies'>['replies'][number];

/**
 * The sanitised HTML is shown in a sandboxed frame as a second guard: no scripts, no same-origin access, no forms, and
 * a Content-Security-Policy that forbids loading anything (no remote images, fonts or styles).
 */
function htmlDocument(html: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><base target="_blank"><style>body{font:15px/1.5 system-ui,sans-serif;margin:8px;color:#111}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}</style></head><body>${html}</body></html>`;
}

const size = (n: number, t: TFunction, locale: string) =>
  n >= 1024 * 1024
    ? t('reply.megabytes', { size: (n / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }) })
    : n >= 1024
      ? t('reply.kilobytes', { size: Math.round(n / 1024).toLocaleString(locale) })
      : t('reply.bytes', { count: n });

/** One vendor message, whole: the text (or the formatted version) and its attachments. */
export function ReplyView({ reply, token }: { reply: Reply; token?: string }) {
  const { t, locale } = usePageLanguage();
  const [formatted, setFormatted] = useState(false);
  const [error, setError] = useState<string>();
  return (
    <article className="reply" aria-label={t('reply.message', { date: formatDateTime(reply.received_at, locale) })}>
      <p>
        <strong>{formatDateTime(reply.received_at, locale)}</strong>
        {reply.from_address ? t('reply.from', { address: reply.from_address }) : null}:{' '}
        {reply.subject ?? t('reply.noSubject')}
        {reply.kind !== 'reply' ? <span className="small muted"> ({reply.kind})</span> : null}
      </p>
      {reply.html_sanitized ? (
        <p>
          <button type="button" className="link" aria-pressed={formatted} onClick={() => setFormatted((f) => !f)}>
            {formatted ? t('reply.plain') : t('reply.formatted')}
          </button>
        </p>
      ) : null}
      {formatted && reply.html_sanitized ? (
        <iframe
          title={t('reply.formattedTitle', { subject: reply.subject ?? t('reply.noSubject') })}
          sandbox=""
          srcDoc={htmlDocument(reply.html_sanitized)}
          style={{ width: '100%', minHeight: '20rem', border: '1px solid #ccc' }}
        />
      ) : (
        <pre className="reply-text" style={{ whiteSpace: 'pre-wrap' }}>
          {reply.text_body ?? t('reply.noText')}
        </pre>
      )}
      {reply.attachments.length ? (
        <ul aria-label={t('reply.attachments')}>
          {reply.attachments.map((a) => (
            <li key={a.id}>
              <button
                type="button"
                className="link"
                onClick={() =>
                  download(a.url, a.filename ?? `attachment-${a.id}`, token).catch((e: Error) => setError(e.message))
                }
              >
                {t('reply.download', { name: a.filename ?? t('reply.attachment', { id: a.id }) })}
              </button>{' '}
              <span className="small muted">
                ({a.content_type}, {size(a.size_bytes, t, locale)})
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </article>
  );
}

import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError, download, errorFor, type ApiResponse } from '../api';
import { daysUntil, DaysLeft, formatDate, formatDateTime } from '../components/DaysLeft';
import { DrpPanel } from '../components/DrpPanel';
import { FocusHeading, TextArea } from '../components/forms';
import { Problem } from '../components/Layout';
import { ReplyView } from '../components/ReplyView';
import i18n, { dateLocale } from '../i18n';
import { accessFor, allAccess, rememberAccess } from './access';
import { DropPanel } from './DropPanel';
import { explanationText } from './explanation';
import { pageFormat } from './format';
import { noticeView, type NoticeView } from './notices';
import { channelLabel, jurisdictionName, rightLabel, statusLabel } from './data';
import { FindRequestsForm } from './FindRequests';

type RequestDetail = ApiResponse<'/api/requests/{id}'>;
type Submission = ApiResponse<'/api/submissions/{id}'>;
type RequestSummary = Submission['requests'][number];
type Requirement = RequestDetail['requirements'][number];
/** A label from a catalogue section in the current language, else `fallback`, else the code made readable. */
const label = (section: string, code: string, fallback?: string) =>
  i18n.exists(`${section}.${code}`) ? i18n.t(`${section}.${code}`) : (fallback ?? code.replace(/_/g, ' '));
/** the languages letters are written in (server/shared/languages.ts) */
const languageName = (code: string) => label('languages', code);
/** the request's events, and those of a request sent by the Data Rights Protocol */
const eventLabel = (type: string) => (i18n.exists(`events.${type}`) ? label('events', type) : label('drpEvents', type));
const requirementLabel = (kind: Requirement['kind']) => label('requirements', kind);
const useLocale = () => {
  const { i18n: i } = useTranslation();
  return dateLocale(i.resolvedLanguage ?? 'en');
};

/** What the company's own policy says it may ask of the consumer, quoted. */
function Requirements({ items }: { items: Requirement[] }) {
  const { t } = useTranslation();
  if (!items.length) return null;
  return (
    <>
      <h3>{t('status.mayAsk')}</h3>
      <p className="small">
        {items[0]?.source ? t('status.policySource', { title: items[0].source.title }) : t('status.policy')}
      </p>
      <dl className="facts">
        {items.map((r, i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>{requirementLabel(r.kind)}</dt>
            <dd>
              <blockquote>“{r.quote}”</blockquote>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** What the company's replies mean, newest first, with the step to take (answer, download, complain). */
function ReplyNotices({ r }: { r: RequestDetail }) {
  const { t, i18n: i } = useTranslation();
  const locale = useLocale();
  const notices = [...(r.reply_notices ?? [])].reverse();
  if (!notices.length) return null;
  const list = (items: string[]) =>
    new Intl.ListFormat(i.resolvedLanguage ?? 'en', { style: 'long', type: 'conjunction' }).format(items);
  return (
    <section aria-label={t('status.replyMeans')}>
      {notices.map((n) => {
        // in the page's language from its code; a notice stored before codes existed is shown as it was written
        const view: NoticeView = n.message
          ? noticeView(n.message, t, (iso) => formatDate(iso, locale), list)
          : {
              headline: n.headline,
              paragraphs: n.paragraphs,
              ...(n.action_url && n.action_label
                ? n.action_url.includes('#answer-')
                  ? { action: { label: n.action_label, answer: true as const } }
                  : { action: { label: n.action_label, url: n.action_url } }
                : {}),
            };
        return (
          <div key={n.id} className="notice">
            <h3>{view.headline}</h3>
            {view.paragraphs.map((p, i) => (
              <p key={i}>{p}</p>
            ))}
            {view.action ? (
              'url' in view.action ? (
                <a href={view.action.url} rel="noreferrer noopener" target="_blank">
                  {view.action.label}
                </a>
              ) : (
                <a href={`#answer-${r.id}`}>{view.action.label}</a>
              )
            ) : null}
          </div>
        );
      })}
    </section>
  );
}

/** The company's replies, whole, with their attachments. */
function Replies({ requestId, token, refreshKey }: { requestId: number; token: string; refreshKey: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['consumer-replies', requestId, refreshKey],
    queryFn: () => api<ApiResponse<'/api/requests/{id}/replies'>>(`/api/requests/${requestId}/replies`, { token }),
  });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data?.replies.length) return null;
  return (
    <>
      <h3>{t('status.replies')}</h3>
      {q.data.replies.map((r) => (
        <ReplyView key={r.id} reply={r} token={token} />
      ))}
    </>
  );
}

/** Answer the company's request for information: text and, optionally, the document it asked for. */
function AnswerForm({ r, token, onDone }: { r: RequestDetail; token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File>();
  const [error, setError] = useState<ApiError | Error>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const base = `answer-${r.id}`;
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const form = new FormData();
      form.set('text', text);
      if (file) form.set('file', file);
      await api(`/api/requests/${r.id}/answer`, { form, token });
      setDone(t(file ? 'status.answerSentDoc' : 'status.answerSent', { name: r.vendor.name }));
      setText('');
      setFile(undefined);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const errors = error instanceof ApiError ? error.errors : [];
  // the confirmation stays outside the details: once answered, the request no longer awaits the consumer and the
  // details close (a notice inside them would vanish with them)
  return (
    <>
      {done ? (
        <p className="notice ok" role="status">
          {done}
        </p>
      ) : null}
      <details id={base} open={r.status === 'awaiting_information'}>
        <summary>{t('status.answer', { name: r.vendor.name })}</summary>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <TextArea
            label={t('status.yourAnswer')}
            path={`${base}-text`}
            required
            value={text}
            onChange={setText}
            error={errorFor(errors, 'text')}
            hint={t('status.answerHint')}
          />
          <div className="field">
            <label htmlFor={`f-${base}-file`}>
              {t('status.document')} <span className="muted">{t('status.optional')}</span>
            </label>
            <span className="hint" id={`f-${base}-file-hint`}>
              {t('status.documentHint')}
            </span>
            {errorFor(errors, 'file') ? (
              <span className="error" id={`f-${base}-file-error`}>
                {t('rights.error', { error: errorFor(errors, 'file') })}
              </span>
            ) : null}
            <input
              id={`f-${base}-file`}
              type="file"
              accept="application/pdf,image/png,image/jpeg"
              aria-describedby={`f-${base}-file-hint${errorFor(errors, 'file') ? ` f-${base}-file-error` : ''}`}
              onChange={(e) => setFile(e.target.files?.[0])}
            />
          </div>
          {error && !errors.length ? (
            <p className="error-text" role="alert">
              {error.message}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            {t('status.sendAnswer')}
          </button>
        </form>
      </details>
    </>
  );
}

/** Withdraw a request; the company is told if it already has the letter. */
function WithdrawForm({ r, token, onDone }: { r: RequestDetail; token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  return (
    <details>
      <summary>{t('status.withdrawTitle')}</summary>
      <p>{r.received_at ? t('status.withdrawReceived', { name: r.vendor.name }) : t('status.withdrawNotSent')}</p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          api(`/api/requests/${r.id}/withdraw`, { body: reason.trim() ? { reason: reason.trim() } : {}, token })
            .then(onDone)
            .catch((err: Error) => setError(err))
            .finally(() => setBusy(false));
        }}
      >
        <TextArea
          label={t('status.withdrawWhy')}
          path={`withdraw-${r.id}-reason`}
          value={reason}
          onChange={setReason}
        />
        {error ? (
          <p className="error-text" role="alert">
            {error.message}
          </p>
        ) : null}
        <button type="submit" className="danger" disabled={busy}>
          {t('status.withdrawButton')}
        </button>
      </form>
    </details>
  );
}
const CLOSED = ['completed', 'denied', 'withdrawn', 'closed'];

function NextSteps({ r, days }: { r: RequestDetail; days: number | null }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (CLOSED.includes(r.status)) return null;
  if (days !== null && days < 0) {
    // Say which date was missed; the regulator only once the law's own deadline has passed.
    const s = r.deadline?.statement ?? null;
    const legalPassed = s ? s.legal_due !== null && s.legal_due < new Date().toISOString().slice(0, 10) : true;
    const title =
      s?.kind === 'promise'
        ? t('status.lateBroken', { name: r.vendor.name })
        : s?.kind === 'follow_up'
          ? t('status.lateNoAnswer', { name: r.vendor.name })
          : t('status.lateMissed', { name: r.vendor.name });
    return (
      <div className="notice danger">
        <p className="label">{title}</p>
        <ul>
          <li>{s?.kind === 'promise' && !legalPassed ? t('status.followUpAfterLaw') : t('status.followUpTwoWeeks')}</li>
          {legalPassed && s?.kind !== 'follow_up' ? (
            <li>{t('status.complain')}</li>
          ) : s?.legal_due ? (
            <li>{t('status.complainAfter', { date: formatDate(s.legal_due, locale) })}</li>
          ) : null}
          <li>{t('status.tellUs')}</li>
        </ul>
      </div>
    );
  }
  if (r.status === 'awaiting_information') return <p className="notice warn">{t('status.awaiting')}</p>;
  if (r.status === 'needs_research' && r.research?.status === 'looking_up_contact')
    return (
      <p className="notice">
        {t('status.researchOpen', { company: r.research.company })} {t('status.nothingToDo')}
      </p>
    );
  if (r.status === 'needs_research' || r.status === 'dispatch_failed')
    return <p className="notice">{t('status.staffFinding')}</p>;
  return null;
}

/** What the due date is: the law's deadline, the company's own promise, or the point where we follow up. */
function dueLabel(kind: 'statute' | 'promise' | 'follow_up' | undefined, t: TFunction): string {
  if (kind === 'promise') return t('status.duePromise');
  if (kind === 'follow_up') return t('status.dueFollowUp');
  if (kind === 'statute') return t('status.dueStatute');
  return t('status.due');
}

function RequestCard({ summary, token }: { summary: RequestSummary; token: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['consumer-request', summary.id, summary.status],
    queryFn: () => api<RequestDetail>(`/api/requests/${summary.id}`, { token }),
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ['consumer-request', summary.id] });
    void client.invalidateQueries({ queryKey: ['consumer-replies', summary.id] });
    void client.invalidateQueries({ queryKey: ['submission'] });
  };
  const [downloadError, setDownloadError] = useState<string>();
  const r = q.data;
  const due = r?.deadline?.effective_due ?? r?.deadline?.due ?? null;
  const days = due ? daysUntil(due) : null;
  return (
    <section className="card" aria-labelledby={`req-${summary.id}`}>
      <h2 id={`req-${summary.id}`}>
        {summary.vendor.name}: {rightLabel(summary.right)}
      </h2>
      <dl className="facts">
        <dt>{t('status.reference')}</dt>
        <dd>{summary.reference}</dd>
        <dt>{t('status.company')}</dt>
        <dd>
          <Link to={`/companies/${summary.vendor.slug}`}>{t('status.howAnswers', { name: summary.vendor.name })}</Link>
        </dd>
        <dt>{t('status.status')}</dt>
        <dd>{statusLabel(summary.status)}</dd>
        <dt>{t('status.sentBy')}</dt>
        <dd>
          {summary.channel?.type === 'drp'
            ? t('status.channelTo', { channel: channelLabel('drp'), value: summary.vendor.name })
            : summary.channel
              ? t('status.channelTo', {
                  channel: channelLabel(summary.channel.type),
                  value: summary.channel.value.split('\n').join(', '),
                })
              : t('status.researching')}
        </dd>
        <dt>{dueLabel(r?.deadline?.statement?.kind, t)}</dt>
        <dd>
          {due ? (
            <>
              {formatDate(due, locale)} <DaysLeft days={days} closed={CLOSED.includes(summary.status)} />
              {r?.deadline?.source === 'planned' ? <span className="small muted"> {t('status.ifToday')}</span> : null}
            </>
          ) : (
            t('layout.loading')
          )}
        </dd>
        {r?.deadline?.statement?.kind === 'promise' && r.deadline.statement.legal_due ? (
          <>
            <dt>{t('status.dueStatute')}</dt>
            <dd>
              {formatDate(r.deadline.statement.legal_due, locale)}{' '}
              <span className="small muted">({r.deadline.statement.legal_citation})</span>
            </dd>
          </>
        ) : null}
      </dl>
      {q.error ? <Problem error={q.error} /> : null}
      {r && (
        <>
          <NextSteps r={r} days={days} />
          <ReplyNotices r={r} />
          {r.drop ? <DropPanel requestId={r.id} drop={r.drop} token={token} onDone={refresh} /> : null}
          {summary.channel?.type === 'drp' ? (
            <DrpPanel base={`/api/requests/${summary.id}`} token={token} onChange={refresh} key={r.timeline.length} />
          ) : null}
          <h3>{t('status.happened')}</h3>
          <ol className="timeline">
            {r.timeline.map((e, i) => (
              <li key={i}>
                <strong>{formatDateTime(e.at, locale)}</strong>: {eventLabel(e.type)}
              </li>
            ))}
          </ol>
          <Replies requestId={r.id} token={token} refreshKey={String(r.timeline.length)} />
          {r.allowed_actions?.includes('answer') ? <AnswerForm r={r} token={token} onDone={refresh} /> : null}
          <Requirements items={r.requirements ?? []} />
          <h3>{t('status.letters')}</h3>
          {r.letters.length ? (
            <ul>
              {r.letters.map((l) => (
                <li key={l.id}>
                  {l.subject} ({formatDate(l.created_at, locale)}){' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      download(l.pdf_url, `${summary.reference}-${l.purpose}.pdf`, token).catch((e: Error) =>
                        setDownloadError(e.message),
                      )
                    }
                  >
                    {t('status.downloadPdf')}
                    <span className="visually-hidden"> {t('status.of', { subject: l.subject })}</span>
                  </button>
                  {l.copy_pdf_url && l.copy_language ? (
                    <>
                      {' '}
                      <span className="small muted">
                        {t('status.sentIn', { language: l.language ? languageName(l.language) : '' })}
                      </span>{' '}
                      <button
                        type="button"
                        className="link"
                        onClick={() =>
                          download(
                            l.copy_pdf_url!,
                            `${summary.reference}-${l.purpose}-${l.copy_language}.pdf`,
                            token,
                          ).catch((e: Error) => setDownloadError(e.message))
                        }
                      >
                        {t('status.downloadCopy', { language: languageName(l.copy_language) })}
                        <span className="visually-hidden">
                          {' '}
                          {t('status.of', { subject: l.copy_subject ?? l.subject })}
                        </span>
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{summary.channel?.type === 'drp' ? t('status.noLetterDrp') : t('status.preparing')}</p>
          )}
          {downloadError ? (
            <p className="error-text" role="alert">
              {downloadError}
            </p>
          ) : null}
          {r.allowed_actions?.includes('withdraw') ? <WithdrawForm r={r} token={token} onDone={refresh} /> : null}
          {r.deadline?.explanation.length ? (
            <details>
              <summary>{t('status.howDeadline')}</summary>
              <ul className="small">
                {(r.deadline.explanation_items
                  ? r.deadline.explanation_items.map((item) => explanationText(item, t, pageFormat(locale, rightLabel)))
                  : r.deadline.explanation
                ) // stored before the lines had codes: in English, as written
                  .map((line, i) => (
                    <li key={i}>{line}</li>
                  ))}
              </ul>
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

/** A submission's status page: one card per vendor × right. The access token comes from #access= or this browser. */
export function SubmissionStatus() {
  const { t } = useTranslation();
  const locale = useLocale();
  const { id = '' } = useParams();
  const location = useLocation();
  const fromHash = /access=([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
  useEffect(() => {
    if (fromHash) rememberAccess(id, fromHash);
  }, [id, fromHash]);
  const token = fromHash ?? accessFor(id);
  const q = useQuery({
    queryKey: ['submission', id],
    queryFn: () => api<Submission>(`/api/submissions/${id}`, { token }),
    enabled: !!token,
    refetchInterval: (query) =>
      query.state.data?.requests.some((r) => r.status === 'ready_to_dispatch') ? 3000 : false,
  });
  if (!token) {
    return (
      <>
        <FocusHeading>{t('status.yourRequests')}</FocusHeading>
        <p>{t('status.cannotSee')}</p>
        <FindRequestsForm />
      </>
    );
  }
  const justVerified = (location.state as { justVerified?: boolean } | null)?.justVerified;
  return (
    <>
      <FocusHeading>{t('status.yourRequests')}</FocusHeading>
      {justVerified ? (
        <p className="notice ok" role="status">
          {t('status.thanks')}
        </p>
      ) : null}
      {q.isPending ? <p role="status">{t('layout.loading')}</p> : null}
      {q.error ? (
        q.error instanceof ApiError && q.error.status === 401 ? (
          <>
            <p>{t('status.ended')}</p>
            <FindRequestsForm />
          </>
        ) : (
          <Problem error={q.error} />
        )
      ) : null}
      {q.data && (
        <>
          <p>
            {t('status.filed', {
              date: formatDate(q.data.created_at, locale),
              place: jurisdictionName(q.data.jurisdiction),
            })}
          </p>
          {q.data.requests.map((r) => (
            <RequestCard key={r.id} summary={r} token={token} />
          ))}
        </>
      )}
    </>
  );
}

/** The link in our notification emails (/requests/DR-2026-000123): finds the submission this browser can see. */
export function RequestByReference() {
  const { t } = useTranslation();
  const { reference = '' } = useParams();
  const tokens = allAccess();
  const results = useQueries({
    queries: tokens.map(([submission, token]) => ({
      queryKey: ['consumer-request-ref', reference, submission],
      queryFn: () =>
        api<RequestDetail>(`/api/requests/${encodeURIComponent(reference)}`, { token }).then((r) => ({ r, token })),
      retry: false,
    })),
  });
  const found = results.find((x) => x.data)?.data;
  const pending = results.some((x) => x.isPending);
  return (
    <>
      <FocusHeading>{t('status.request', { reference })}</FocusHeading>
      {found ? (
        <RequestCard summary={found.r} token={found.token} />
      ) : pending ? (
        <p role="status">{t('layout.loading')}</p>
      ) : (
        <>
          <p>
            <Trans i18nKey="status.cannotSeeRef" components={{ file: <Link to="/file" /> }} />
          </p>
          <FindRequestsForm next={`/requests/${reference}`} />
        </>
      )}
    </>
  );
}

/** Every request this browser can see (a sign-in link opens all of an address's requests). */
export function MyRequests() {
  const { t } = useTranslation();
  const tokens = allAccess();
  const results = useQueries({
    queries: tokens.map(([key, token]) => ({
      queryKey: ['my-requests', key],
      queryFn: () =>
        api<ApiResponse<'/api/consumer/requests'>>('/api/consumer/requests', { token }).then((r) => ({ ...r, token })),
      retry: false,
    })),
  });
  const seen = new Set<number>();
  const cards: { summary: RequestSummary; token: string }[] = [];
  for (const result of results) {
    for (const summary of result.data?.requests ?? []) {
      if (seen.has(summary.id)) continue;
      seen.add(summary.id);
      cards.push({ summary, token: result.data!.token });
    }
  }
  const pending = results.some((x) => x.isPending);
  return (
    <>
      <FocusHeading>{t('layout.myRequests')}</FocusHeading>
      {pending ? <p role="status">{t('layout.loading')}</p> : null}
      {cards.map((c) => (
        <RequestCard key={c.summary.id} summary={c.summary} token={c.token} />
      ))}
      {!pending && !cards.length ? (
        <>
          <p>{t('status.noneVisible')}</p>
          <FindRequestsForm />
        </>
      ) : null}
    </>
  );
}

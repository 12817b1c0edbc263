import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { api, ApiError, download, errorFor, type ApiResponse } from '../api';
import { daysUntil, DaysLeft, formatDate, formatDateTime } from '../components/DaysLeft';
import { DRP_EVENT_LABELS, DrpPanel } from '../components/DrpPanel';
import { FocusHeading, TextArea } from '../components/forms';
import { Problem } from '../components/Layout';
import { ReplyView } from '../components/ReplyView';
import { accessFor, allAccess, rememberAccess } from './access';
import { DropPanel } from './DropPanel';
import { channelLabel, jurisdictionName, rightLabel, statusLabel } from './data';
import { FindRequestsForm } from './FindRequests';

type RequestDetail = ApiResponse<'/api/requests/{id}'>;
type Submission = ApiResponse<'/api/submissions/{id}'>;
type RequestSummary = Submission['requests'][number];
type Requirement = RequestDetail['requirements'][number];
/** the languages letters are written in (server/shared/languages.ts) */
const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  de: 'German',
  fr: 'French',
  sv: 'Swedish',
  es: 'Spanish',
  ja: 'Japanese',
};

const EVENT_LABELS: Record<string, string> = {
  request_created: 'Request created',
  letter_prepared: 'Letter prepared',
  letter_queued: 'Letter queued for sending',
  dispatched: 'Letter delivered to the company',
  letter_mailed: 'Letter posted',
  dispatch_failed: 'Delivery failed: our staff are looking at it',
  deadline_started: 'The company received it: the deadline started',
  vendor_replied: 'The company replied',
  extension_accepted: 'The company extended its deadline',
  deadline_paused: 'The deadline is paused while the company waits for information',
  deadline_resumed: 'The deadline runs again',
  deadline_closed: 'Closed',
  deadline_reopened: 'Reopened',
  request_notice: 'We notified you',
  inbound_attached: 'A reply from the company was found and added',
  deadline_voided: 'The letter did not arrive: no deadline runs until it is sent again',
  drop_submission_recorded: 'You told us the day you used DROP',
  consumer_answered: 'You answered the company',
  withdrawn: 'Withdrawn',
  reply_classified: 'We read the reply',
  reply_proposal_applied: 'Our staff recorded what the reply means',
  reply_proposal_auto_applied: 'We recorded what the reply means',
  ...DRP_EVENT_LABELS,
};
const REQUIREMENT_LABELS: Record<Requirement['kind'], string> = {
  verification: 'Proof of identity',
  fee: 'Fees',
  required_fields: 'Details it needs',
  authorized_agent: 'If someone acts for you',
};

/** What the company's own policy says it may ask of the consumer, quoted. */
function Requirements({ items }: { items: Requirement[] }) {
  if (!items.length) return null;
  return (
    <>
      <h3>What the company may ask of you</h3>
      <p className="small">
        From the company's own privacy policy{items[0]?.source ? <> ({items[0].source.title})</> : null}. The law may
        limit what it can ask; if a request seems excessive, tell us.
      </p>
      <dl className="facts">
        {items.map((r, i) => (
          <div key={i} style={{ display: 'contents' }}>
            <dt>{REQUIREMENT_LABELS[r.kind]}</dt>
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
  const notices = [...(r.reply_notices ?? [])].reverse();
  if (!notices.length) return null;
  return (
    <section aria-label="What the company's reply means">
      {notices.map((n) => (
        <div key={n.id} className="notice">
          <h3>{n.headline}</h3>
          {n.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          {n.action_url && n.action_label ? (
            n.action_url.includes('#answer-') ? (
              <a href={`#${n.action_url.split('#')[1]}`}>{n.action_label}</a>
            ) : (
              <a href={n.action_url} rel="noreferrer noopener" target="_blank">
                {n.action_label}
              </a>
            )
          ) : null}
        </div>
      ))}
    </section>
  );
}

/** The company's replies, whole, with their attachments. */
function Replies({ requestId, token, refreshKey }: { requestId: number; token: string; refreshKey: string }) {
  const q = useQuery({
    queryKey: ['consumer-replies', requestId, refreshKey],
    queryFn: () => api<ApiResponse<'/api/requests/{id}/replies'>>(`/api/requests/${requestId}/replies`, { token }),
  });
  if (q.error) return <Problem error={q.error} />;
  if (!q.data?.replies.length) return null;
  return (
    <>
      <h3>Replies from the company</h3>
      {q.data.replies.map((r) => (
        <ReplyView key={r.id} reply={r} token={token} />
      ))}
    </>
  );
}

/** Answer the company's request for information: text and, optionally, the document it asked for. */
function AnswerForm({ r, token, onDone }: { r: RequestDetail; token: string; onDone: () => void }) {
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
      setDone(`Sent to ${r.vendor.name}${file ? ' with your document' : ''}. Its reply will appear here.`);
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
        <summary>Answer {r.vendor.name}</summary>
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <TextArea
            label="Your answer"
            path={`${base}-text`}
            required
            value={text}
            onChange={setText}
            error={errorFor(errors, 'text')}
            hint="It is sent to the company in the same email thread as your request."
          />
          <div className="field">
            <label htmlFor={`f-${base}-file`}>
              Document <span className="muted">(optional)</span>
            </label>
            <span className="hint" id={`f-${base}-file-hint`}>
              A PDF, PNG or JPEG of at most 10 MB, only if the company asked for it. It is stored encrypted.
            </span>
            {errorFor(errors, 'file') ? (
              <span className="error" id={`f-${base}-file-error`}>
                Error: {errorFor(errors, 'file')}
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
            Send my answer
          </button>
        </form>
      </details>
    </>
  );
}

/** Withdraw a request; the company is told if it already has the letter. */
function WithdrawForm({ r, token, onDone }: { r: RequestDetail; token: string; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  return (
    <details>
      <summary>Withdraw this request</summary>
      <p>
        {r.received_at
          ? `${r.vendor.name} has your request; we will tell it you withdraw it. This cannot be undone here (you can file a new request).`
          : 'The request has not reached the company yet; it will not be sent.'}
      </p>
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
          label="Why (told to the company)"
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
          Withdraw the request
        </button>
      </form>
    </details>
  );
}
const eventLabel = (t: string) => EVENT_LABELS[t] ?? t.replace(/_/g, ' ');
const CLOSED = ['completed', 'denied', 'withdrawn', 'closed'];

function NextSteps({ r, days }: { r: RequestDetail; days: number | null }) {
  if (CLOSED.includes(r.status)) return null;
  if (days !== null && days < 0) {
    // Say which date was missed; the regulator only once the law's own deadline has passed.
    const s = r.deadline?.statement ?? null;
    const legalPassed = s ? s.legal_due !== null && s.legal_due < new Date().toISOString().slice(0, 10) : true;
    const title =
      s?.kind === 'promise'
        ? `${r.vendor.name} has not kept the date it promised`
        : s?.kind === 'follow_up'
          ? `No answer yet from ${r.vendor.name}`
          : `${r.vendor.name} has missed its legal deadline`;
    return (
      <div className="notice danger">
        <p className="label">{title}</p>
        <ul>
          <li>
            We send a formal follow-up letter in your name
            {s?.kind === 'promise' && !legalPassed
              ? " once the law's deadline has passed"
              : ' two weeks after the date'}
            .
          </li>
          {legalPassed && s?.kind !== 'follow_up' ? (
            <li>
              You may complain to the data-protection regulator where you live. We will email you a complaint you can
              send.
            </li>
          ) : s?.legal_due ? (
            <li>
              If there is still no answer after {formatDate(s.legal_due)}, the law&apos;s deadline, you may complain to
              the regulator; we will email you a complaint you can send.
            </li>
          ) : null}
          <li>
            If the company answered by post or phone, tell us by replying to any of our emails so we can record it.
          </li>
        </ul>
      </div>
    );
  }
  if (r.status === 'awaiting_information')
    return (
      <p className="notice warn">
        The company asked for more information: check your email and answer it; the deadline may be paused until you do.
      </p>
    );
  if (r.status === 'needs_research' && r.research?.status === 'looking_up_contact')
    return <p className="notice">{r.research.message} Nothing for you to do.</p>;
  if (r.status === 'needs_research' || r.status === 'dispatch_failed')
    return <p className="notice">Our staff are finding the right contact. Nothing for you to do.</p>;
  return null;
}

/** What the due date is: the law's deadline, the company's own promise, or the point where we follow up. */
function dueLabel(kind: 'statute' | 'promise' | 'follow_up' | undefined): string {
  if (kind === 'promise') return 'Promised by the company for';
  if (kind === 'follow_up') return 'We follow up on (the law says "without delay")';
  if (kind === 'statute') return 'The law requires an answer by';
  return 'Due';
}

function RequestCard({ summary, token }: { summary: RequestSummary; token: string }) {
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
        <dt>Reference</dt>
        <dd>{summary.reference}</dd>
        <dt>Company</dt>
        <dd>
          <Link to={`/companies/${summary.vendor.slug}`}>How {summary.vendor.name} answers requests</Link>
        </dd>
        <dt>Status</dt>
        <dd>{statusLabel(summary.status)}</dd>
        <dt>Sent by</dt>
        <dd>
          {summary.channel?.type === 'drp'
            ? `${channelLabel('drp')} to ${summary.vendor.name}`
            : summary.channel
              ? `${channelLabel(summary.channel.type)} to ${summary.channel.value.split('\n').join(', ')}`
              : 'being researched'}
        </dd>
        <dt>{dueLabel(r?.deadline?.statement?.kind)}</dt>
        <dd>
          {due ? (
            <>
              {formatDate(due)} <DaysLeft days={days} closed={CLOSED.includes(summary.status)} />
              {r?.deadline?.source === 'planned' ? <span className="small muted"> (if it arrives today)</span> : null}
            </>
          ) : (
            'Loading…'
          )}
        </dd>
        {r?.deadline?.statement?.kind === 'promise' && r.deadline.statement.legal_due ? (
          <>
            <dt>The law requires an answer by</dt>
            <dd>
              {formatDate(r.deadline.statement.legal_due)}{' '}
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
          <h3>What has happened</h3>
          <ol className="timeline">
            {r.timeline.map((e, i) => (
              <li key={i}>
                <strong>{formatDateTime(e.at)}</strong>: {eventLabel(e.type)}
              </li>
            ))}
          </ol>
          <Replies requestId={r.id} token={token} refreshKey={String(r.timeline.length)} />
          {r.allowed_actions?.includes('answer') ? <AnswerForm r={r} token={token} onDone={refresh} /> : null}
          <Requirements items={r.requirements ?? []} />
          <h3>Letters</h3>
          {r.letters.length ? (
            <ul>
              {r.letters.map((l) => (
                <li key={l.id}>
                  {l.subject} ({formatDate(l.created_at)}){' '}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      download(l.pdf_url, `${summary.reference}-${l.purpose}.pdf`, token).catch((e: Error) =>
                        setDownloadError(e.message),
                      )
                    }
                  >
                    Download PDF<span className="visually-hidden"> of {l.subject}</span>
                  </button>
                  {l.copy_pdf_url && l.copy_language ? (
                    <>
                      {' '}
                      <span className="small muted">
                        (sent in {LANGUAGE_NAMES[l.language ?? ''] ?? l.language})
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
                        Download your copy in {LANGUAGE_NAMES[l.copy_language] ?? l.copy_language}
                        <span className="visually-hidden"> of {l.copy_subject ?? l.subject}</span>
                      </button>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">
              {summary.channel?.type === 'drp'
                ? 'No letter: the request goes to the company by the Data Rights Protocol.'
                : 'The letter is being prepared.'}
            </p>
          )}
          {downloadError ? (
            <p className="error-text" role="alert">
              {downloadError}
            </p>
          ) : null}
          {r.allowed_actions?.includes('withdraw') ? <WithdrawForm r={r} token={token} onDone={refresh} /> : null}
          {r.deadline?.explanation.length ? (
            <details>
              <summary>How the deadline was worked out</summary>
              <ul className="small">
                {r.deadline.explanation.map((line, i) => (
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
        <FocusHeading>Your requests</FocusHeading>
        <p>
          This browser cannot see this submission yet. Enter your email address and we will send you a sign-in link.
        </p>
        <FindRequestsForm />
      </>
    );
  }
  const justVerified = (location.state as { justVerified?: boolean } | null)?.justVerified;
  return (
    <>
      <FocusHeading>Your requests</FocusHeading>
      {justVerified ? (
        <p className="notice ok" role="status">
          Thank you: your email address is confirmed and your requests are on their way.
        </p>
      ) : null}
      {q.isPending ? <p role="status">Loading…</p> : null}
      {q.error ? (
        q.error instanceof ApiError && q.error.status === 401 ? (
          <>
            <p>This access has ended. Enter your email address for a new sign-in link.</p>
            <FindRequestsForm />
          </>
        ) : (
          <Problem error={q.error} />
        )
      ) : null}
      {q.data && (
        <>
          <p>
            Filed {formatDate(q.data.created_at)} from {jurisdictionName(q.data.jurisdiction)}. Bookmark this page to
            come back to it.
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
      <FocusHeading>Request {reference}</FocusHeading>
      {found ? (
        <RequestCard summary={found.r} token={found.token} />
      ) : pending ? (
        <p role="status">Loading…</p>
      ) : (
        <>
          <p>
            This browser cannot see that request yet. Enter the email address you filed it with and we will send you a
            sign-in link that opens it here or in any other browser. Or <Link to="/file">file a new request</Link>.
          </p>
          <FindRequestsForm next={`/requests/${reference}`} />
        </>
      )}
    </>
  );
}

/** Every request this browser can see (a sign-in link opens all of an address's requests). */
export function MyRequests() {
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
      <FocusHeading>My requests</FocusHeading>
      {pending ? <p role="status">Loading…</p> : null}
      {cards.map((c) => (
        <RequestCard key={c.summary.id} summary={c.summary} token={c.token} />
      ))}
      {!pending && !cards.length ? (
        <>
          <p>This browser cannot see any of your requests yet. Enter your email address for a sign-in link.</p>
          <FindRequestsForm />
        </>
      ) : null}
    </>
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, type ApiResponse } from '../api';
import { ActionForm, type FieldSpec } from '../components/ActionForm';
import { daysUntil, DaysLeft, formatDate, formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';
import { Problem } from '../components/Layout';
import { ReplyView } from '../components/ReplyView';
import { RequireRole } from '../components/RequireRole';
import { channelLabel, rightLabel } from '../consumer/data';
import { useSession } from '../session';
import { ProposalCard } from './ReplyProposals';

type Detail = ApiResponse<'/api/staff/requests/{id}'>;

const OUTCOME_LABELS: Record<string, string> = {
  fulfilled: 'Fulfilled',
  partially_fulfilled: 'Partially fulfilled',
  denied: 'Denied',
  needs_information: 'Needs more information',
  extension: 'Extension',
};
const today = () => new Date().toISOString().slice(0, 10);

function Actions({ r, refresh }: { r: Detail; refresh: () => void }) {
  const { account } = useSession();
  const allowed = new Set(r.allowed_actions ?? []);
  const base = `/api/staff/requests/${r.id}`;
  const reason: FieldSpec = { name: 'reason', label: 'Reason', type: 'textarea', required: true };
  const forms = [];
  if (allowed.has('response')) {
    forms.push(
      <ActionForm
        key="response"
        id="response"
        title="Record the vendor's response"
        path={`${base}/response`}
        submitLabel="Record response"
        initial={{ received_on: today() }}
        onDone={refresh}
        fields={[
          {
            name: 'outcome',
            label: 'Outcome',
            type: 'select',
            required: true,
            options: (r.allowed_responses ?? []).map((o) => ({ value: o, label: OUTCOME_LABELS[o] ?? o })),
          },
          { name: 'received_on', label: 'Received on', type: 'date', required: true },
          {
            name: 'reason',
            label: 'Reason or summary',
            type: 'textarea',
            hint: 'Required when the vendor denied the request.',
            when: (v) => v.outcome !== 'extension',
          },
          {
            name: 'notice_date',
            label: 'Date of the extension notice',
            type: 'date',
            required: true,
            when: (v) => v.outcome === 'extension',
          },
          {
            name: 'new_date',
            label: 'New due date',
            type: 'date',
            required: true,
            when: (v) => v.outcome === 'extension',
          },
        ]}
      />,
    );
  }
  if (allowed.has('information_supplied')) {
    forms.push(
      <ActionForm
        key="information_supplied"
        id="information_supplied"
        title="The consumer supplied the information"
        path={`${base}/information-supplied`}
        submitLabel="Record and wait for the vendor"
        initial={{ supplied_on: today() }}
        onDone={refresh}
        fields={[
          {
            name: 'supplied_on',
            label: 'Supplied on',
            type: 'date',
            required: true,
            hint: 'Where the law stopped the deadline (UK GDPR), it restarts from this day.',
          },
          { ...reason, label: 'Note', required: false },
        ]}
      />,
    );
  }
  if (allowed.has('dispatch')) {
    const submitted = r.channel_type === 'webform' || r.channel_type === 'phone';
    forms.push(
      <ActionForm
        key="dispatch"
        id="dispatch"
        title={submitted ? 'Record the web form or call' : 'Record the posted letter'}
        path={`${base}/dispatch`}
        submitLabel="Record"
        initial={{ kind: submitted ? 'submitted' : 'mailed', date: today() }}
        onDone={refresh}
        fields={[
          {
            name: 'kind',
            label: 'What happened',
            type: 'select',
            required: true,
            options: submitted
              ? [{ value: 'submitted', label: 'Submitted (starts the deadline)' }]
              : [
                  { value: 'mailed', label: 'Mailed' },
                  { value: 'delivered', label: 'Delivered (starts the deadline)' },
                ],
          },
          { name: 'date', label: 'Date', type: 'date', required: true },
        ]}
      />,
    );
  }
  if (allowed.has('assign') && account) {
    forms.push(
      <div key="assign" className="card">
        <h3>Assignment</h3>
        <p>{r.assignee_name ? `Assigned to ${r.assignee_name}.` : 'Not assigned.'}</p>
        <button
          type="button"
          onClick={() =>
            void api(`${base}/assign`, {
              body: { assignee_id: r.assignee_id === account.id ? null : account.id },
            }).then(refresh)
          }
        >
          {r.assignee_id === account.id ? 'Unassign me' : 'Assign to me'}
        </button>
      </div>,
    );
  }
  if (allowed.has('note'))
    forms.push(
      <ActionForm
        key="notes"
        id="notes"
        title="Add a note"
        path={`${base}/notes`}
        submitLabel="Add note"
        onDone={refresh}
        fields={[{ name: 'body', label: 'Note', type: 'textarea', required: true }]}
      />,
    );
  if (allowed.has('resend'))
    forms.push(
      <ActionForm
        key="resend"
        id="resend"
        title="Send the letter again"
        path={`${base}/resend`}
        submitLabel="Resend"
        onDone={refresh}
        fields={[{ ...reason, required: false }]}
      />,
    );
  if (allowed.has('escalate'))
    forms.push(
      <ActionForm
        key="escalate"
        id="escalate"
        title="Escalate: send the follow-up letter now"
        path={`${base}/escalate`}
        submitLabel="Send follow-up"
        onDone={refresh}
        fields={[
          {
            name: 'justification',
            label: 'Why now (before the due date only)',
            type: 'select',
            hint: 'Before the due date the letter is sent only for one of these, and it states your reason instead of a missed deadline.',
            options: [
              { value: 'vendor_refused', label: 'The company refused the request' },
              { value: 'unlawful_demand', label: 'The company asked for something unlawful' },
            ],
          },
          { ...reason, required: false, hint: 'Required with a justification: the letter quotes it.' },
        ]}
      />,
    );
  if (allowed.has('close') || allowed.has('withdraw')) {
    forms.push(
      <ActionForm
        key="close"
        id="close"
        title="Close or withdraw"
        path={`${base}/close`}
        submitLabel="Close request"
        danger
        initial={{ kind: allowed.has('close') ? 'close' : 'withdraw' }}
        onDone={refresh}
        fields={[
          {
            name: 'kind',
            label: 'How',
            type: 'select',
            required: true,
            options: [
              ...(allowed.has('close') ? [{ value: 'close', label: 'Close' }] : []),
              ...(allowed.has('withdraw') ? [{ value: 'withdraw', label: 'Withdraw' }] : []),
            ],
          },
          reason,
        ]}
      />,
    );
  }
  if (allowed.has('reopen'))
    forms.push(
      <ActionForm
        key="reopen"
        id="reopen"
        title="Reopen"
        path={`${base}/reopen`}
        submitLabel="Reopen"
        onDone={refresh}
        fields={[reason]}
      />,
    );
  if (!forms.length) return <p>No actions are allowed in this status.</p>;
  return <>{forms}</>;
}

function DetailPage() {
  const { id = '' } = useParams();
  const client = useQueryClient();
  const q = useQuery({ queryKey: ['staff-request', id], queryFn: () => api<Detail>(`/api/staff/requests/${id}`) });
  const [done, setDone] = useState<string>();
  if (q.error) return <Problem error={q.error} title="We could not open this request" />;
  if (!q.data) return <p role="status">Loading…</p>;
  const r = q.data;
  const due = r.deadline?.effective_due ?? r.deadline?.due ?? null;
  const refresh = () => {
    setDone('Saved.');
    void client.invalidateQueries({ queryKey: ['staff-request', id] });
    void client.invalidateQueries({ queryKey: ['staff-queue'] });
    void client.invalidateQueries({ queryKey: ['staff-counts'] });
  };
  return (
    <>
      <p>
        <Link to="/staff">Back to the queue</Link>
      </p>
      <FocusHeading>
        {r.reference}: {r.vendor_name}, {rightLabel(r.right, 'en')}
      </FocusHeading>
      <p role="status">{done}</p>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{r.status.replace(/_/g, ' ')}</dd>
        <dt>Due</dt>
        <dd>
          {due ? (
            <>
              {formatDate(due)} <DaysLeft days={daysUntil(due)} closed={!!r.closed_at} />
            </>
          ) : (
            'no deadline yet (not received)'
          )}
        </dd>
        <dt>Channel</dt>
        <dd>
          {r.channel_value
            ? `${channelLabel(r.channel_type, 'en')}: ${r.channel_value}`
            : channelLabel(r.channel_type, 'en')}
        </dd>
        <dt>Where</dt>
        <dd>{r.jurisdiction}</dd>
        <dt>Requester</dt>
        <dd>
          {r.requester_name} &lt;{r.requester_email}&gt;{r.requester_phone ? `, ${r.requester_phone}` : ''}
          {r.filed_by !== 'consumer' ? ` (filed by ${r.filed_by})` : ''}
        </dd>
        <dt>Assignee</dt>
        <dd>{r.assignee_name ?? '—'}</dd>
      </dl>

      {r.reply_classifications?.some((c) => c.proposed_action) ? (
        <>
          <h2>What the replies say</h2>
          {r.reply_classifications
            .filter((c) => c.proposed_action)
            .map((c) => (
              <ProposalCard key={c.id} p={c} onDone={refresh} />
            ))}
        </>
      ) : null}

      <h2>Actions</h2>
      <Actions r={r} refresh={refresh} />

      {r.deadline && (
        <>
          <h2>Deadline</h2>
          <dl className="facts">
            <dt>Regime</dt>
            <dd>{r.deadline.regime}</dd>
            <dt>Due (the date that counts)</dt>
            <dd>
              {formatDate(r.deadline.effective_due)}
              {r.deadline.due_kind === 'promise'
                ? ` — the company's own promise (${r.deadline.due_citation ?? ''})`
                : ''}
              {r.deadline.due_kind === 'follow_up' ? ' — our follow-up point; the law says only "without delay"' : ''}
              {r.deadline.due_kind === 'statute' ? ' — the legal deadline' : ''}
            </dd>
            {r.deadline.due_kind === 'promise' && r.deadline.legal_due ? (
              <>
                <dt>Legal deadline</dt>
                <dd>
                  {formatDate(r.deadline.legal_due)} ({r.deadline.legal_citation})
                </dd>
              </>
            ) : null}
            {r.deadline.effective_due !== r.deadline.due ? (
              <>
                <dt>Statutory due date</dt>
                <dd>{formatDate(r.deadline.due)}</dd>
              </>
            ) : null}
            {r.deadline.extended_due ? (
              <>
                <dt>Latest if extended</dt>
                <dd>{formatDate(r.deadline.extended_due)}</dd>
              </>
            ) : null}
            {r.deadline.paused_since ? (
              <>
                <dt>Paused since</dt>
                <dd>{formatDate(r.deadline.paused_since)}</dd>
              </>
            ) : null}
          </dl>
          <details>
            <summary>Explanation and milestones</summary>
            <ul className="small">
              {(r.deadline.explanation ?? []).map((l, i) => (
                <li key={i}>{l}</li>
              ))}
            </ul>
            <ul className="small">
              {r.deadline.milestones.map((m) => (
                <li key={m.kind + m.due_on}>
                  {m.kind.replace(/_/g, ' ')}: {formatDate(m.due_on)} {m.fired_at ? '(done)' : ''}
                </li>
              ))}
            </ul>
          </details>
        </>
      )}

      {r.drop ? (
        <>
          <h2>California DROP</h2>
          <p className={r.drop.overdue ? 'error-text' : undefined}>
            {r.drop.submitted_on && r.drop.processing_due_on
              ? r.drop.overdue
                ? `Overdue: the broker had to process the consumer's DROP request (made ${formatDate(r.drop.submitted_on)}) by ${formatDate(r.drop.processing_due_on)} (${r.drop.citation}).`
                : `The consumer used DROP on ${formatDate(r.drop.submitted_on)}; the broker must process it by ${formatDate(r.drop.processing_due_on)} (${r.drop.citation}).`
              : 'DROP reaches this request (a California deletion request to a registered data broker); the consumer has not said they used it.'}
          </p>
        </>
      ) : null}

      <h2>Timeline</h2>
      <ol className="timeline">
        {r.timeline.map((e) => (
          <li key={e.id}>
            <strong>{formatDateTime(e.occurred_at)}</strong>: {e.type.replace(/_/g, ' ')}{' '}
            <span className="muted">({e.actor_type})</span>
            {e.reason ? <span> — {e.reason}</span> : null}
          </li>
        ))}
      </ol>

      <h2>Letters</h2>
      {r.authorization?.document_url ? (
        <p>
          Filed by an agent: <a href={r.authorization.document_url}>download the principal&rsquo;s authorization</a> (
          {r.authorization.kind === 'upload' ? 'signed permission' : 'confirmed e-authorization'},{' '}
          {r.authorization.state}). Emailed letters carry it as an attachment; enclose it with a posted letter.
        </p>
      ) : null}
      {r.letters.length ? (
        r.letters.map((l) => (
          <details key={l.id} className="card">
            <summary>
              {l.subject} ({l.purpose}, {channelLabel(l.channel_type, 'en')}, {formatDate(l.created_at)})
              {l.email_status ? ` — email ${l.email_status}` : ''}
            </summary>
            {l.last_error ? <p className="error-text">{l.last_error}</p> : null}
            <pre className="letter" tabIndex={0} aria-label={`Text of ${l.subject}`}>
              {l.text_body}
            </pre>
            <a href={l.pdf_url} download>
              Download PDF<span className="visually-hidden"> of {l.subject}</span>
            </a>
          </details>
        ))
      ) : (
        <p>No letter yet.</p>
      )}

      <h2>Replies</h2>
      {r.replies.length ? r.replies.map((m) => <ReplyView key={m.id} reply={m} />) : <p>No replies received.</p>}

      {r.notes?.length ? (
        <>
          <h2>Notes</h2>
          <ul>
            {r.notes.map((n) => (
              <li key={n.id}>
                <strong>{n.author_name}</strong>, {formatDateTime(n.created_at)}: {n.body}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export default function RequestDetail() {
  return (
    <RequireRole roles={['staff', 'admin']}>
      <DetailPage />
    </RequireRole>
  );
}

import type { ApiResponse } from '../../api';
import { daysUntil, formatDate } from '../../components/DaysLeft';
import { channelLabel, jurisdictionName, rightLabel } from '../data';
import type { StepProps } from '../FileRequest';

export type Preview = ApiResponse<'/api/requests/preview', 'post'>;
type Warning = Preview['warnings'][number];

function WarningList({ warnings, label }: { warnings: Warning[]; label: string }) {
  if (!warnings.length) return null;
  return (
    <div className="notice warn">
      <p className="label">{label}</p>
      <ul>
        {warnings.map((w, i) => (
          <li key={i}>
            {w.message}
            {w.citation?.quote ? <blockquote>“{w.citation.quote}”</blockquote> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ReviewStep({ draft, preview }: StepProps & { preview: Preview }) {
  const general = preview.warnings.filter((w) => !w.vendor);
  return (
    <>
      <h2>Check before you send</h2>
      <p>
        {preview.planned.length} {preview.planned.length === 1 ? 'request' : 'requests'} from {draft.requester.name} in{' '}
        {jurisdictionName(preview.jurisdiction)}. Nothing is sent until you confirm your email address.
      </p>
      <WarningList warnings={general} label="Please note" />
      {draft.unlisted.length ? (
        <section className="card" aria-labelledby="review-unlisted">
          <h3 id="review-unlisted">Companies not in our registry yet</h3>
          <ul>
            {draft.unlisted.map((u, i) => (
              <li key={i}>
                {u.name}
                {u.website.trim() ? ` (${u.website.trim()})` : ''}
              </li>
            ))}
          </ul>
          <p>
            Our staff will look up how to contact {draft.unlisted.length === 1 ? 'this company' : 'these companies'} and
            confirm it before anything is sent. Your {draft.unlisted.length === 1 ? 'request waits' : 'requests wait'}{' '}
            until then; a contact you gave us is checked first, never used as it is. Your status page will show when{' '}
            {draft.unlisted.length === 1 ? 'it is' : 'they are'} on
            {draft.unlisted.length === 1 ? ' its' : ' their'} way.
          </p>
        </section>
      ) : null}
      {preview.planned.map((p) => {
        const days = daysUntil(p.deadline.due);
        return (
          <section className="card" key={`${p.vendor}-${p.right}`} aria-labelledby={`review-${p.vendor}-${p.right}`}>
            <h3 id={`review-${p.vendor}-${p.right}`}>
              {p.vendor_name}: {rightLabel(p.requested_as === 'opt_out' ? p.right : p.requested_as)}
            </h3>
            <dl className="facts">
              <dt>Sent by</dt>
              <dd>
                {p.channel
                  ? `${channelLabel(p.channel.type)} to ${p.channel.value.split('\n').join(', ')}`
                  : 'No contact known yet: our staff will find one first.'}
              </dd>
              {/* Each date says what it is: the law's deadline, the company's own promise, or when we follow up. */}
              <dt>
                {p.deadline.statement.kind === 'promise'
                  ? 'Promised by the company for'
                  : p.deadline.statement.kind === 'follow_up'
                    ? 'We follow up on'
                    : 'The law requires an answer by'}
              </dt>
              <dd>
                <strong>{formatDate(p.deadline.due)}</strong> (about {days} days)
                {p.deadline.statement.kind === 'promise' ? ', in its own privacy policy' : ''}
                {p.deadline.statement.kind === 'follow_up'
                  ? ': the law requires an answer without delay and sets no fixed period'
                  : ''}
              </dd>
              {p.deadline.statement.kind === 'promise' && p.deadline.statement.legal_due ? (
                <>
                  <dt>The law requires an answer by</dt>
                  <dd>
                    {formatDate(p.deadline.statement.legal_due)}{' '}
                    <span className="muted">({p.deadline.statement.legal_citation})</span>
                  </dd>
                </>
              ) : null}
              <dt>Why</dt>
              <dd>
                {p.deadline.regime_name}: {p.deadline.basis_text}.{' '}
                <span className="muted">Source: {p.deadline.citation}</span>
              </dd>
            </dl>
            <details>
              <summary>How this date was worked out</summary>
              <ul className="small">
                {p.deadline.explanation.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            </details>
            <WarningList warnings={p.warnings} label={`About ${p.vendor_name}`} />
            {p.letter ? (
              <>
                <h4>The letter {p.vendor_name} will receive</h4>
                <p className="small muted">
                  Subject: {p.letter.subject}. The reference (DR-…-000000 here) is assigned when you confirm.
                </p>
                <pre className="letter" tabIndex={0} aria-label={`Letter to ${p.vendor_name}`}>
                  {p.letter.text}
                </pre>
              </>
            ) : (
              <p className="notice">{p.letter_problem}</p>
            )}
          </section>
        );
      })}
    </>
  );
}

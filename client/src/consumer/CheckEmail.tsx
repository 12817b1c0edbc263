import { useState } from 'react';
import { api, ApiError, type ApiResponse } from '../api';
import { formatDateTime } from '../components/DaysLeft';
import { FocusHeading } from '../components/forms';

/** The intake's answer: what will be filed once the email address is confirmed. */
export type Filed = ApiResponse<'/api/requests', 'post'> & { email?: string };

/** After submitting: nothing is sent until the email address is confirmed. */
export function CheckEmail({ filed }: { filed: Filed }) {
  const [note, setNote] = useState<string>();
  const resend = async () => {
    try {
      await api(`/api/submissions/${filed.submission_id}/resend-verification`, { method: 'POST', csrf: false });
      setNote('We sent a new link. Earlier links no longer work.');
    } catch (e) {
      setNote(
        e instanceof ApiError && e.status === 429
          ? 'Too many new links for now: please wait an hour.'
          : e instanceof Error
            ? e.message
            : String(e),
      );
    }
  };
  return (
    <>
      <FocusHeading>Check your email</FocusHeading>
      <div className="notice ok">
        <p>
          We sent a link to <strong>{filed.email}</strong>. Open it to confirm your address: only then do we send your{' '}
          {filed.planned.length} {filed.planned.length === 1 ? 'request' : 'requests'}.
        </p>
        <p>
          The email lists each company and what you ask of it, with the warnings you saw here, so you know what you
          confirm. The link works once and until {formatDateTime(filed.verification.expires_at)}.
        </p>
      </div>
      <p>Nothing arrived? Check your spam folder, or</p>
      <button type="button" className="secondary" onClick={() => void resend()}>
        Send me a new link
      </button>
      <p role="status">{note}</p>
    </>
  );
}

import { useState } from 'react';
import { api, ApiError, errorFor, type ApiResponse } from '../api';
import { formatDate } from '../components/DaysLeft';
import { TextField } from '../components/forms';

/** California's DROP for one request (GET /api/requests/:id `drop`): null where it does not reach the request. */
type DropStatus = NonNullable<ApiResponse<'/api/requests/{id}'>['drop']>;

/**
 * Offers DROP to a California resident asking a registered data broker to delete, and once they say they used it,
 * shows the day the broker must have processed it (overdue, with the rule, after that day).
 */
export function DropPanel({
  requestId,
  drop,
  token,
  onDone,
}: {
  requestId: number;
  drop: DropStatus;
  token: string;
  onDone: () => void;
}) {
  const [date, setDate] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const errors = error instanceof ApiError ? error.errors : [];
  const record = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api(`/api/requests/${requestId}/drop`, { body: { submitted_on: date }, token });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby={`drop-${requestId}`}>
      <h3 id={`drop-${requestId}`}>California&apos;s DROP</h3>
      <p>{drop.explanation}</p>
      <p>
        <a href={drop.url} target="_blank" rel="noreferrer">
          Open DROP on privacy.ca.gov
        </a>
      </p>
      {drop.submitted_on && drop.processing_due_on ? (
        <p className={drop.overdue ? 'notice error-text' : 'notice'} role={drop.overdue ? 'alert' : undefined}>
          {drop.overdue
            ? drop.overdue_message
            : `You used DROP on ${formatDate(drop.submitted_on)}. The broker must process it by ${formatDate(drop.processing_due_on)} (${drop.citation}).`}
        </p>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void record();
          }}
        >
          <TextField
            label="If you used DROP, the day you made your request"
            path={`drop-${requestId}-submitted_on`}
            type="date"
            required
            value={date}
            onChange={setDate}
            error={errorFor(errors, 'submitted_on')}
            hint="We then show the day by which the broker must have processed it."
          />
          {error && !errors.length ? (
            <p className="error-text" role="alert">
              {error.message}
            </p>
          ) : null}
          <button type="submit" disabled={busy}>
            Track my DROP request
          </button>
        </form>
      )}
    </section>
  );
}

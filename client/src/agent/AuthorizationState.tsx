const LABELS: Record<string, [string, string]> = {
  valid: ['authorized', 'fine'],
  pending: ['waiting for the principal', 'soon'],
  revoked: ['revoked', 'late'],
  none: ['no authorization', 'none'],
};

export function AuthorizationState({ state, kind }: { state: string; kind?: string | null }) {
  const [label, tone] = LABELS[state] ?? [state, 'none'];
  return (
    <span className={`badge ${tone}`}>
      {label}
      {kind ? ` (${kind === 'upload' ? 'signed upload' : 'e-authorization'})` : ''}
    </span>
  );
}

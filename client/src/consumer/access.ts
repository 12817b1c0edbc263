/**
 * Consumer access tokens kept in this browser: one per verified submission, and 'email' for the token of a sign-in link
 * (it opens every request filed under the address).
 */
const key = (submissionId: string) => `drp:access:${submissionId}`;

export function rememberAccess(submissionId: string, token: string, expiresAt?: string): void {
  try {
    localStorage.setItem(key(submissionId), JSON.stringify({ token, expires_at: expiresAt ?? null }));
  } catch {
    // private mode: the token still works for this page view
  }
}

export function accessFor(submissionId: string): string | undefined {
  try {
    const raw = localStorage.getItem(key(submissionId));
    return raw ? (JSON.parse(raw) as { token: string }).token : undefined;
  } catch {
    return undefined;
  }
}

/** Every submission this browser can see: [submission id, token]. */
export function allAccess(): [string, string][] {
  const out: [string, string][] = [];
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k?.startsWith('drp:access:')) {
        const token = accessFor(k.slice('drp:access:'.length));
        if (token) out.push([k.slice('drp:access:'.length), token]);
      }
    }
  } catch {
    // storage disabled
  }
  return out;
}

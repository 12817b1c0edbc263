import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { useSession, type Account } from '../session';
import { FocusHeading } from './forms';

/** Shows its children only to the given roles; others are asked to sign in. */
export function RequireRole({ roles, children }: { roles: Account['role'][]; children: ReactNode }) {
  const { account, loading } = useSession();
  const location = useLocation();
  if (loading) return <p role="status">Loading…</p>;
  if (!account || !roles.includes(account.role)) {
    return (
      <>
        <FocusHeading>Please sign in</FocusHeading>
        <p>
          This page is for {roles.includes('agent') ? 'authorized agents' : 'portal staff'}.{' '}
          <Link to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`}>Sign in</Link>
        </p>
      </>
    );
  }
  return <>{children}</>;
}

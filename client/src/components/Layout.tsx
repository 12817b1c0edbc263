import { Suspense } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useSession } from '../session';
import { FocusHeading } from './forms';

function Nav() {
  const { account } = useSession();
  const links: { to: string; label: string }[] = [
    { to: '/', label: 'Home' },
    { to: '/file', label: 'File a request' },
  ];
  if (account?.role === 'staff' || account?.role === 'admin') {
    links.push(
      { to: '/staff', label: 'Queue' },
      { to: '/staff/dashboard', label: 'Dashboard' },
      { to: '/staff/registry', label: 'Registry' },
      { to: '/staff/replies', label: 'Replies' },
      { to: '/staff/mail/unmatched', label: 'Unmatched replies' },
      { to: '/staff/mail', label: 'Mail' },
    );
  } else if (account?.role === 'agent') {
    links.push(
      { to: '/agent', label: 'Principals' },
      { to: '/agent/requests', label: 'Requests' },
      { to: '/agent/bulk', label: 'Bulk upload' },
    );
  } else {
    links.push({ to: '/my-requests', label: 'My requests' });
  }
  links.push(account ? { to: '/logout', label: 'Sign out' } : { to: '/login', label: 'Sign in' });
  return (
    <nav aria-label="Main">
      <ul>
        {links.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} end>
              {l.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout() {
  const location = useLocation();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site">
        <div className="inner">
          <NavLink className="brand" to="/">
            Data Rights Portal
          </NavLink>
          <Nav />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense key={location.pathname} fallback={<p role="status">Loading…</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site">
        Requests are sent in your name; every deadline is computed from the law and the company&apos;s own policy.
      </footer>
    </>
  );
}

/** An error from the API; `title` makes it the page's heading when the page has nothing else to show. */
export function Problem({ error, title }: { error: unknown; title?: string }) {
  const message = error instanceof Error ? error.message : String(error);
  const notice = (
    <div className="notice danger" role="alert">
      <p>{message}</p>
    </div>
  );
  if (!title) return notice;
  return (
    <>
      <FocusHeading>{title}</FocusHeading>
      {notice}
    </>
  );
}

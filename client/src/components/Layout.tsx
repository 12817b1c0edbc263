import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { chooseLanguage, LANGUAGES } from '../i18n';
import { isConsumerPath } from '../i18n/page';
import { useSession } from '../session';
import { FocusHeading } from './forms';

function Nav({ lng }: { lng: string | undefined }) {
  const { account } = useSession();
  const { t } = useTranslation(undefined, { lng });
  const links: { to: string; label: string }[] = [
    { to: '/', label: t('layout.home') },
    { to: '/file', label: t('layout.file') },
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
    links.push({ to: '/my-requests', label: t('layout.myRequests') });
  }
  links.push(account ? { to: '/logout', label: t('layout.signOut') } : { to: '/login', label: t('layout.signIn') });
  return (
    <nav aria-label={t('layout.mainNav')}>
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

/** The consumer pages' language menu: each language named in its own language. */
function LanguageMenu() {
  const { t, i18n } = useTranslation();
  return (
    <div className="language">
      <label htmlFor="language">{t('layout.language')}</label>{' '}
      <select id="language" value={i18n.resolvedLanguage ?? 'en'} onChange={(e) => chooseLanguage(e.target.value)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Layout() {
  const location = useLocation();
  // staff, agent and sign-in screens are in English only: no language menu there, and the layout around them in English
  const consumerPage = isConsumerPath(location.pathname);
  const lng = consumerPage ? undefined : 'en';
  const { t, i18n } = useTranslation(undefined, { lng });
  const language = consumerPage ? (i18n.resolvedLanguage ?? 'en') : 'en';
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site">
        <div className="inner">
          <NavLink className="brand" to="/">
            {t('layout.brand')}
          </NavLink>
          <Nav lng={lng} />
          {consumerPage ? <LanguageMenu /> : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense key={location.pathname} fallback={<p role="status">{t('layout.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site">{t('layout.footer')}</footer>
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

import { Trans, useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CONSUMER_CHOICES } from './data';

export function Home() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.lead')}</p>
      <div className="actions">
        <Link className="button" to="/file">
          {t('home.start')}
        </Link>
        <Link className="button secondary" to="/login">
          {t('home.staffSignIn')}
        </Link>
      </div>
      <h2>{t('home.howTitle')}</h2>
      <ol>
        <li>{t('home.how1')}</li>
        <li>{t('home.how2')}</li>
        <li>{t('home.how3')}</li>
        <li>{t('home.how4')}</li>
      </ol>
      <h2>{t('home.whatTitle')}</h2>
      <dl className="facts">
        {CONSUMER_CHOICES.slice(0, 5).map((c) => (
          <div key={c.code} style={{ display: 'contents' }}>
            <dt>{c.title}</dt>
            <dd>{c.explain}</dd>
          </div>
        ))}
      </dl>
      <p>
        <Trans i18nKey="home.agents" components={{ signup: <Link to="/agent/signup" /> }} />
      </p>
    </>
  );
}

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, type ApiResponse } from '../api';
import { FocusHeading } from '../components/forms';
import { rememberAccess } from './access';
import { FindRequestsForm } from './FindRequests';

type Verified = ApiResponse<'/api/verify', 'post'>;

/** The link in the verification email: confirms once, keeps the access token in this browser, shows the status. */
export function Verify() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError | Error>();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // the link is single-use: never post it twice
    started.current = true;
    api<Verified>('/api/verify', { body: { token }, csrf: false })
      .then((v) => {
        rememberAccess(v.submission_id, v.access.token, v.access.expires_at);
        navigate(`/submissions/${v.submission_id}`, { replace: true, state: { justVerified: true } });
      })
      .catch((e: Error) => setError(e));
  }, [token, navigate]);

  if (!error) return <p role="status">{t('verify.confirming')}</p>;
  const gone = error instanceof ApiError && error.status === 410;
  return (
    <>
      <FocusHeading>{gone ? t('verify.gone') : t('verify.failed')}</FocusHeading>
      <p>{gone ? t('verify.goneText') : error.message}</p>
      {gone ? <FindRequestsForm /> : null}
      <p>
        <Link to="/file">{t('verify.startNew')}</Link>
      </p>
    </>
  );
}

import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18n from '../i18n';
import { api, ApiError, newKey, type FieldError, type ApiResponse } from '../api';
import { ErrorSummary, FocusHeading } from '../components/forms';
import { CheckEmail, type Filed } from './CheckEmail';
import {
  clearDraft,
  jurisdictionOf,
  stepOfField,
  toIntakeBody,
  useDraft,
  useStoredState,
  type Draft,
  type VendorProfile,
} from './draft';
import { DetailsStep, detailLabels } from './steps/DetailsStep';
import { choiceAvailable, PlaceStep, type Jurisdiction } from './steps/PlaceStep';
import { rightLabel } from './data';
import { ReviewStep, type Preview } from './steps/ReviewStep';
import { RightsStep } from './steps/RightsStep';
import { VendorsStep } from './steps/VendorsStep';

const STEPS = ['stepVendors', 'stepRights', 'stepPlace', 'stepDetails', 'stepReview'] as const;

export interface StepProps {
  draft: Draft;
  setDraft: (update: (d: Draft) => Draft) => void;
  errors: FieldError[];
}

/** Client-side checks that need no server: each names the field like the API would. */
function localErrors(step: number, d: Draft, jurisdictions: Jurisdiction[] | undefined): FieldError[] {
  const t = i18n.t;
  const errors: FieldError[] = [];
  if (step === 0 && !d.vendors.length && !d.unlisted.length)
    errors.push({ field: 'vendors', message: t('file.errVendors') });
  if (step === 1 && !d.rights.length) errors.push({ field: 'rights', message: t('file.errRights') });
  if (step === 2) {
    if (!d.country) errors.push({ field: 'country', message: t('file.errCountry') });
    else if (!jurisdictionOf(d) || !jurisdictions?.some((j) => j.code === jurisdictionOf(d))) {
      errors.push({ field: 'region', message: t('file.errRegion') });
    } else {
      const here = jurisdictions.find((j) => j.code === jurisdictionOf(d))!;
      const missing = d.rights.filter((r) => !choiceAvailable(r, here));
      if (missing.length === d.rights.length)
        errors.push({
          field: 'country',
          message: t('file.errNoRight'),
        });
      else if (missing.length)
        errors.push({
          field: 'country',
          message: t('file.errSomeRights', { rights: missing.map((r) => rightLabel(r)).join(', ') }),
        });
    }
  }
  if (step === 3) {
    if (!d.requester.name.trim()) errors.push({ field: 'requester.name', message: t('file.errName') });
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(d.requester.email.trim()))
      errors.push({ field: 'requester.email', message: t('file.errEmail') });
  }
  return errors;
}

/** `navigator.globalPrivacyControl` (the GPC specification's DOM property); absent in browsers without GPC. */
function browserSendsGpc(): boolean {
  return (navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true;
}

export function FileRequest() {
  const { t } = useTranslation();
  const [draft, setDraftState] = useDraft();
  const [step, setStep] = useStoredState<number>('drp:step', () => 0);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string>();
  const [preview, setPreview] = useState<Preview>();
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<Filed>();
  const [idempotencyKey, setIdempotencyKey] = useStoredState<string>('drp:idem', newKey);

  const jurisdictions = useQuery({
    queryKey: ['jurisdictions'],
    queryFn: () => api<ApiResponse<'/api/jurisdictions'>>('/api/jurisdictions'),
    staleTime: Infinity,
  });
  const profiles = useQueries({
    queries: draft.vendors.map((v) => ({
      queryKey: ['vendor', v.slug],
      queryFn: () => api<VendorProfile>(`/api/vendors/${v.slug}`),
      staleTime: 300_000,
    })),
  });
  const loadedProfiles = profiles.map((p) => p.data).filter((p): p is VendorProfile => !!p);

  const setDraft = (update: (d: Draft) => Draft) => setDraftState((d) => update(d));

  const go = (next: number) => {
    setErrors([]);
    setMessage(undefined);
    setStep(next);
    window.scrollTo(0, 0);
  };

  /** Server errors go to the earliest step that holds one of their fields; what was typed stays. */
  const showServerErrors = (e: unknown) => {
    if (e instanceof ApiError && e.errors.length) {
      const target = Math.min(...e.errors.map((x) => stepOfField(x.field)));
      setStep(target);
      setErrors(e.errors);
      setMessage(target < step ? t('file.checkStep') : undefined);
    } else if (e instanceof ApiError && e.status === 429) {
      setMessage(t('file.tooMany'));
    } else {
      setMessage(e instanceof Error ? e.message : t('file.wentWrong'));
    }
  };

  const next = async () => {
    const local = localErrors(step, draft, jurisdictions.data?.items);
    if (local.length) {
      setErrors(local);
      setMessage(undefined);
      return;
    }
    if (step === 3) {
      setBusy(true);
      try {
        setPreview(await api<Preview>('/api/requests/preview', { body: toIntakeBody(draft), csrf: false }));
        go(4);
      } catch (e) {
        showServerErrors(e);
      } finally {
        setBusy(false);
      }
      return;
    }
    go(step + 1);
  };

  // Open requests for the same thing are never told here (anyone may type any address): the verification email tells
  // the address owner, who confirms there.
  const submit = async () => {
    setBusy(true);
    setErrors([]);
    setMessage(undefined);
    try {
      const result = await api<Filed>('/api/requests', {
        // the browser's Global Privacy Control setting goes with it (the Sec-GPC header may be stripped by a proxy)
        body: { ...toIntakeBody(draft), ...(browserSendsGpc() ? { global_privacy_control: true } : {}) },
        headers: { 'Idempotency-Key': idempotencyKey },
        csrf: false,
      });
      setFiled({ ...result, email: draft.requester.email });
      clearDraft();
      sessionStorage.removeItem('drp:step');
      sessionStorage.removeItem('drp:idem');
      setIdempotencyKey(newKey());
    } catch (e) {
      showServerErrors(e);
    } finally {
      setBusy(false);
    }
  };

  if (filed) return <CheckEmail filed={filed} />;

  const props: StepProps = { draft, setDraft, errors };
  return (
    <>
      <FocusHeading key={step}>
        {t('file.title')}{' '}
        <span className="visually-hidden">
          {t('file.stepOf', { step: step + 1, total: STEPS.length, name: t(`file.${STEPS[step] ?? 'stepVendors'}`) })}
        </span>
      </FocusHeading>
      <nav aria-label={t('file.progress')}>
        <ol className="steps">
          {STEPS.map((s, i) => (
            <li key={s} aria-current={i === step ? 'step' : undefined}>
              {i < step ? (
                <button type="button" className="link" onClick={() => go(i)}>
                  {i + 1}. {t(`file.${s}`)}
                </button>
              ) : (
                `${i + 1}. ${t(`file.${s}`)}`
              )}
            </li>
          ))}
        </ol>
      </nav>
      <ErrorSummary errors={errors} message={message} labels={detailLabels()} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step < 4) void next();
          else void submit();
        }}
      >
        {step === 0 && <VendorsStep {...props} profiles={loadedProfiles} />}
        {step === 1 && <RightsStep {...props} />}
        {step === 2 && <PlaceStep {...props} jurisdictions={jurisdictions.data?.items} />}
        {step === 3 && <DetailsStep {...props} />}
        {step === 4 && preview && <ReviewStep {...props} preview={preview} />}
        {step === 4 && !preview && <p>{t('file.noPreview')}</p>}
        <div className="actions">
          {step > 0 && (
            <button type="button" className="secondary" onClick={() => go(step - 1)}>
              {t('file.back')}
            </button>
          )}
          {step < 4 ? (
            <button type="submit" disabled={busy}>
              {busy ? t('file.checking') : step === 3 ? t('file.review') : t('file.continue')}
            </button>
          ) : (
            <button type="submit" disabled={busy || !preview}>
              {busy ? t('file.sending') : t('file.send')}
            </button>
          )}
        </div>
      </form>
    </>
  );
}

import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { dateLocale } from '.';

/** Staff, agent and sign-in screens are in English only; every other page is a consumer page in the chosen language. */
export const isConsumerPath = (pathname: string) =>
  !/^\/(staff|agent|login|logout|password|authorize)(\/|$)/.test(pathname);

/**
 * For components shared by consumer and staff pages (days-left badges, the DRP panel, the reply viewer): `t` in the
 * chosen language on consumer pages and in English on staff, agent and sign-in screens, with the matching date locale.
 */
export function usePageLanguage() {
  const { pathname } = useLocation();
  const consumer = isConsumerPath(pathname);
  const { t, i18n } = useTranslation(undefined, consumer ? undefined : { lng: 'en' });
  const lng = consumer ? (i18n.resolvedLanguage ?? 'en') : 'en';
  return { t, lng, locale: dateLocale(lng) };
}

import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';
import { sv } from './sv';

/** The consumer pages' languages, each named in its own language (the language menu shows these). */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'de', name: 'Deutsch' },
  { code: 'fr', name: 'Français' },
  { code: 'sv', name: 'Svenska' },
  { code: 'es', name: 'Español' },
  { code: 'ja', name: '日本語' },
] as const;

const STORAGE_KEY = 'drp:language';
const supported = (code: string | null | undefined) =>
  LANGUAGES.find((l) => l.code === code?.toLowerCase().split('-')[0])?.code;

/** The language the person chose here before, else the first of the browser's languages we have, else English. */
function initialLanguage(): string {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage may be blocked: fall back to the browser's languages
  }
  return supported(stored) ?? navigator.languages.map(supported).find(Boolean) ?? 'en';
}

/** Switches the language and remembers the choice in this browser. */
export function chooseLanguage(code: string): void {
  const lng = supported(code) ?? 'en';
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // not remembered, still switched
  }
  void i18n.changeLanguage(lng);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    de: { translation: de },
    fr: { translation: fr },
    sv: { translation: sv },
    es: { translation: es },
    ja: { translation: ja },
  },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: LANGUAGES.map((l) => l.code),
  interpolation: { escapeValue: false }, // React escapes
});

/** The locale for dates: English keeps the day-month-year form the pages always used. */
export const dateLocale = (lng: string) => (lng === 'en' ? 'en-GB' : lng);

export default i18n;

/**
 * What a letter says about time, in the letter's language: periods ("45 Kalendertage"), the basis ("45 jours
 * calendaires à compter de la réception") and citations in the letter's legal language ("Art. 12 Abs. 3 DSGVO",
 * "article 12, paragraphe 3, du RGPD", "artikel 12.3 i dataskyddsförordningen", "GDPR第12条第3項"). US state citations
 * keep their own form; their notes are translated and the rules table's confidence tags ("medium") are left out, as
 * they are for the reader of the rules, not for the company.
 */
import type { LetterLanguage } from '../shared/languages';
import type { BasisEntry } from './compute';

type Other = Exclude<LetterLanguage, 'en'>;

const UNITS: Record<Other, Record<BasisEntry['unit'] | 'month', [string, string]>> = {
  de: {
    calendar_days: ['Kalendertag', 'Kalendertage'],
    business_days: ['Werktag', 'Werktage'],
    months: ['Monat', 'Monate'],
    month: ['Monat', 'Monate'],
    fixed_date: ['', ''],
  },
  fr: {
    calendar_days: ['jour calendaire', 'jours calendaires'],
    business_days: ['jour ouvrable', 'jours ouvrables'],
    months: ['mois', 'mois'],
    month: ['mois', 'mois'],
    fixed_date: ['', ''],
  },
  sv: {
    calendar_days: ['kalenderdag', 'kalenderdagar'],
    business_days: ['arbetsdag', 'arbetsdagar'],
    months: ['månad', 'månader'],
    month: ['månad', 'månader'],
    fixed_date: ['', ''],
  },
  es: {
    calendar_days: ['día natural', 'días naturales'],
    business_days: ['día hábil', 'días hábiles'],
    months: ['mes', 'meses'],
    month: ['mes', 'meses'],
    fixed_date: ['', ''],
  },
  ja: {
    calendar_days: ['暦日', '暦日'],
    business_days: ['営業日', '営業日'],
    months: ['か月', 'か月'],
    month: ['か月', 'か月'],
    fixed_date: ['', ''],
  },
};

export function amountIn(language: Other, entry: Pick<BasisEntry, 'unit' | 'days' | 'months'>): string {
  const n = entry.unit === 'months' ? entry.months! : entry.days!;
  const [one, many] = UNITS[language][entry.unit];
  if (language === 'ja') return `${n}${one}`;
  return `${n} ${n === 1 ? one : many}`;
}

const FROM_RECEIPT: Record<Other, (amount: string) => string> = {
  de: (a) => `${a} ab Eingang`,
  fr: (a) => `${a} à compter de la réception`,
  sv: (a) => `${a} från mottagandet`,
  es: (a) => `${a} desde la recepción`,
  ja: (a) => `受領から${a}`,
};
const PROMISED: Record<Other, (amount: string) => string> = {
  de: (a) => `${a} ab Eingang, wie Ihre eigene Datenschutzerklärung zusagt`,
  fr: (a) => `${a} à compter de la réception, comme le promet votre propre politique de confidentialité`,
  sv: (a) => `${a} från mottagandet, som er egen integritetspolicy utlovar`,
  es: (a) => `${a} desde la recepción, como promete su propia política de privacidad`,
  ja: (a) => `受領から${a}（貴社のプライバシーポリシーが約束する期間）`,
};
const EXTENDED_TO: Record<Other, (due: string, notice: string | null) => string> = {
  de: (d, n) => `verlängert bis ${d}${n ? ` durch Ihre Mitteilung vom ${n}` : ' durch Ihre Mitteilung'}`,
  fr: (d, n) => `prolongé jusqu'au ${d}${n ? ` par votre avis du ${n}` : ' par votre avis'}`,
  sv: (d, n) => `förlängd till ${d}${n ? ` genom ert meddelande den ${n}` : ' genom ert meddelande'}`,
  es: (d, n) => `prorrogado hasta el ${d}${n ? ` mediante su notificación del ${n}` : ' mediante su notificación'}`,
  ja: (d, n) => `${n ? `${n}付の貴社の通知により` : '貴社の通知により'}${d}まで延長`,
};
export const EXTENDED_PERIOD: Record<Other, string> = {
  de: 'die verlängerte Frist',
  fr: 'le délai prolongé',
  sv: 'den förlängda tiden',
  es: 'el plazo prorrogado',
  ja: '延長された期間',
};
const POLICY_OF: Record<Other, (vendor: string, quote: string) => string> = {
  de: (v, q) => `Datenschutzerklärung von ${v}: „${q}“`,
  fr: (v, q) => `politique de confidentialité de ${v} : « ${q} »`,
  sv: (v, q) => `${v}s integritetspolicy: ”${q}”`,
  es: (v, q) => `política de privacidad de ${v}: «${q}»`,
  ja: (v, q) => `${v}のプライバシーポリシー：「${q}」`,
};
const THE_BUSINESS: Record<Other, string> = {
  de: 'des Unternehmens',
  fr: "l'entreprise",
  sv: 'företaget',
  es: 'la empresa',
  ja: '貴社',
};

export function basisTextIn(language: Other, entry: BasisEntry, extensionNotice: string | null): string {
  if (entry.unit === 'fixed_date') return EXTENDED_TO[language](entry.due, extensionNotice);
  return entry.source === 'vendor'
    ? PROMISED[language](amountIn(language, entry))
    : FROM_RECEIPT[language](amountIn(language, entry));
}

export function vendorCitationIn(language: Other, vendor: string | undefined, quote: string): string {
  return POLICY_OF[language](vendor ?? THE_BUSINESS[language], quote);
}

/** Citations whose words are not a US statute's own: each written in the letter's legal language. */
const CITATIONS: Record<string, Record<Other, string>> = {
  'GDPR Art. 12(3)-(6), 15-22': {
    de: 'Art. 12 Abs. 3 bis 6, Art. 15 bis 22 DSGVO',
    fr: 'articles 12, paragraphes 3 à 6, et 15 à 22 du RGPD',
    sv: 'artiklarna 12.3–12.6 och 15–22 i dataskyddsförordningen',
    es: 'artículos 12, apartados 3 a 6, y 15 a 22 del RGPD',
    ja: 'GDPR第12条第3項から第6項まで及び第15条から第22条まで',
  },
  'GDPR Art. 12(3)-(6), 15-22 (+2 months, 3 in total from receipt, notice with reasons within month 1)': {
    de: 'Art. 12 Abs. 3 DSGVO (Verlängerung um zwei weitere Monate, insgesamt drei ab Eingang, mit Mitteilung der Gründe innerhalb des ersten Monats)',
    fr: 'article 12, paragraphe 3, du RGPD (prolongation de deux mois, trois au total à compter de la réception, avec information motivée dans le premier mois)',
    sv: 'artikel 12.3 i dataskyddsförordningen (förlängning med två månader, totalt tre från mottagandet, med motiverat besked inom den första månaden)',
    es: 'artículo 12, apartado 3, del RGPD (prórroga de dos meses, tres en total desde la recepción, con información motivada dentro del primer mes)',
    ja: 'GDPR第12条第3項（2か月の延長、受領から合計3か月。最初の1か月以内に理由を付して通知）',
  },
  'UK GDPR Art. 12(3); ICO guidance on the right of access': {
    de: 'Art. 12 Abs. 3 UK GDPR; Leitlinien des ICO zum Auskunftsrecht',
    fr: "article 12, paragraphe 3, du UK GDPR ; lignes directrices de l'ICO sur le droit d'accès",
    sv: 'artikel 12.3 i UK GDPR; ICO:s vägledning om rätten till tillgång',
    es: 'artículo 12, apartado 3, del UK GDPR; directrices de la ICO sobre el derecho de acceso',
    ja: 'UK GDPR第12条第3項、ICOの開示請求権に関するガイダンス',
  },
  'UK GDPR Art. 12(3); ICO guidance on the right of access (+2 months, 3 in total from receipt, notice with reasons within month 1)':
    {
      de: 'Art. 12 Abs. 3 UK GDPR (Verlängerung um zwei weitere Monate, insgesamt drei ab Eingang, mit Mitteilung der Gründe innerhalb des ersten Monats)',
      fr: 'article 12, paragraphe 3, du UK GDPR (prolongation de deux mois, trois au total à compter de la réception, avec information motivée dans le premier mois)',
      sv: 'artikel 12.3 i UK GDPR (förlängning med två månader, totalt tre från mottagandet, med motiverat besked inom den första månaden)',
      es: 'artículo 12, apartado 3, del UK GDPR (prórroga de dos meses, tres en total desde la recepción, con información motivada dentro del primer mes)',
      ja: 'UK GDPR第12条第3項（2か月の延長、受領から合計3か月。最初の1か月以内に理由を付して通知）',
    },
  'state privacy-law trackers (medium; check the state statute)': {
    de: 'Datenschutzrecht des Bundesstaats',
    fr: "loi de l'État sur la protection de la vie privée",
    sv: 'delstatens integritetslagstiftning',
    es: 'legislación estatal de privacidad',
    ja: '州のプライバシー法',
  },
  'state trackers: extension not confirmed from primary text (medium)': {
    de: 'Datenschutzrecht des Bundesstaats',
    fr: "loi de l'État sur la protection de la vie privée",
    sv: 'delstatens integritetslagstiftning',
    es: 'legislación estatal de privacidad',
    ja: '州のプライバシー法',
  },
  'PIPEDA s.8(3)-(5); no answer within the time limit = deemed refusal': {
    de: 'PIPEDA s. 8(3)–(5); keine Antwort innerhalb der Frist gilt als Ablehnung',
    fr: "LPRPDE, par. 8(3) à (5) ; l'absence de réponse dans le délai vaut refus",
    sv: 'PIPEDA s. 8(3)–(5); uteblivet svar inom tidsfristen anses som avslag',
    es: 'PIPEDA s. 8(3)–(5); la falta de respuesta en plazo se considera denegación',
    ja: 'PIPEDA第8条(3)〜(5)（期限内に回答がない場合は拒否したものとみなされる）',
  },
  'PIPEDA s.8(4)-(5) (up to +30, notice within the 30 with new date, reasons, right to complain)': {
    de: 'PIPEDA s. 8(4)–(5) (Verlängerung um höchstens 30 Tage mit Mitteilung innerhalb der ersten 30 Tage)',
    fr: 'LPRPDE, par. 8(4) et (5) (prolongation de 30 jours au plus, avec avis dans les 30 premiers jours)',
    sv: 'PIPEDA s. 8(4)–(5) (förlängning med högst 30 dagar, med besked inom de första 30 dagarna)',
    es: 'PIPEDA s. 8(4)–(5) (prórroga de hasta 30 días, con aviso dentro de los primeros 30 días)',
    ja: 'PIPEDA第8条(4)〜(5)（最初の30日以内の通知により最大30日延長）',
  },
  'PIPEDA Sch. 1 Principle 4.9.5 (no own time limit; the access clock is applied) (medium)': {
    de: 'PIPEDA Anhang 1, Grundsatz 4.9.5',
    fr: 'LPRPDE, annexe 1, principe 4.9.5',
    sv: 'PIPEDA bilaga 1, princip 4.9.5',
    es: 'PIPEDA, anexo 1, principio 4.9.5',
    ja: 'PIPEDA附則1原則4.9.5',
  },
  'PIPEDA s.8(4)-(5) by analogy (medium)': {
    de: 'PIPEDA s. 8(4)–(5) entsprechend',
    fr: 'LPRPDE, par. 8(4) et (5), par analogie',
    sv: 'PIPEDA s. 8(4)–(5) analogt',
    es: 'PIPEDA s. 8(4)–(5) por analogía',
    ja: 'PIPEDA第8条(4)〜(5)の類推適用',
  },
  'CQLR c. P-39.1 s.32 (medium)': {
    de: 'RLRQ c. P-39.1, Art. 32',
    fr: 'RLRQ, c. P-39.1, art. 32',
    sv: 'CQLR c. P-39.1, art. 32',
    es: 'RLRQ c. P-39.1, art. 32',
    ja: 'CQLR c. P-39.1第32条',
  },
  'LGPD Art. 19 II (full statement within 15 days of the request)': {
    de: 'Art. 19 II LGPD (vollständige Auskunft binnen 15 Tagen ab Antrag)',
    fr: 'article 19, II, de la LGPD (déclaration complète dans les 15 jours suivant la demande)',
    sv: 'artikel 19 II i LGPD (fullständigt besked inom 15 dagar från begäran)',
    es: 'artículo 19, II, de la LGPD (declaración completa en 15 días desde la solicitud)',
    ja: 'LGPD第19条II（請求から15日以内に完全な回答）',
  },
  'APPI Arts. 33-35 ("without delay"); Art. 39 (court claim possible 2 weeks after the request arrives)': {
    de: 'Art. 33 bis 35 APPI („unverzüglich“); Art. 39 APPI (Klage möglich zwei Wochen nach Zugang des Antrags)',
    fr: "articles 33 à 35 de l'APPI (« sans délai ») ; article 39 (action en justice possible deux semaines après la réception de la demande)",
    sv: 'artiklarna 33–35 i APPI (”utan dröjsmål”); artikel 39 (talan kan väckas två veckor efter att begäran kommit fram)',
    es: 'artículos 33 a 35 de la APPI («sin demora»); artículo 39 (acción judicial posible dos semanas después de recibida la solicitud)',
    ja: '個人情報保護法第33条から第35条まで（「遅滞なく」）、第39条（請求の到達から2週間経過後に訴えの提起が可能）',
  },
};

/** Notes the rules table adds to a US statute's citation. */
const NOTES: Record<string, Record<Other, string>> = {
  'one extension of 45 days, notice within the first 45': {
    de: 'eine Verlängerung um 45 Tage, Mitteilung innerhalb der ersten 45',
    fr: 'une prolongation de 45 jours, avec avis dans les 45 premiers',
    sv: 'en förlängning med 45 dagar, besked inom de första 45',
    es: 'una prórroga de 45 días, con aviso dentro de los primeros 45',
    ja: '45日の延長1回、最初の45日以内に通知',
  },
  'once, +45, notice and reason within the first 45': {
    de: 'einmalig um 45 Tage, Mitteilung mit Begründung innerhalb der ersten 45',
    fr: 'une fois 45 jours, avec avis motivé dans les 45 premiers',
    sv: 'en gång med 45 dagar, motiverat besked inom de första 45',
    es: 'una vez 45 días, con aviso motivado dentro de los primeros 45',
    ja: '1回に限り45日延長、最初の45日以内に理由を付して通知',
  },
  'appeal answered within 60 days': {
    de: 'Entscheidung über den Rechtsbehelf binnen 60 Tagen',
    fr: 'réponse au recours sous 60 jours',
    sv: 'omprövningen besvaras inom 60 dagar',
    es: 'respuesta al recurso en 60 días',
    ja: '不服申立てには60日以内に回答',
  },
  'appeal 45, +60': {
    de: 'Rechtsbehelf 45 Tage, Verlängerung um 60',
    fr: 'recours 45 jours, prolongation de 60',
    sv: 'omprövning 45 dagar, förlängning med 60',
    es: 'recurso 45 días, prórroga de 60',
    ja: '不服申立て45日、60日延長可',
  },
  'appeal 60 days': {
    de: 'Rechtsbehelf 60 Tage',
    fr: 'recours 60 jours',
    sv: 'omprövning 60 dagar',
    es: 'recurso 60 días',
    ja: '不服申立て60日',
  },
  'appeal 45 days': {
    de: 'Rechtsbehelf 45 Tage',
    fr: 'recours 45 jours',
    sv: 'omprövning 45 dagar',
    es: 'recurso 45 días',
    ja: '不服申立て45日',
  },
  '+45 days, notice within the 90': {
    de: 'Verlängerung um 45 Tage, Mitteilung innerhalb der 90',
    fr: 'prolongation de 45 jours, avec avis dans les 90',
    sv: 'förlängning med 45 dagar, besked inom de 90',
    es: 'prórroga de 45 días, con aviso dentro de los 90',
    ja: '45日延長、90日以内に通知',
  },
  'up to +30 days, with notice': {
    de: 'Verlängerung um höchstens 30 Tage mit Mitteilung',
    fr: 'prolongation de 30 jours au plus, avec avis',
    sv: 'förlängning med högst 30 dagar, med besked',
    es: 'prórroga de hasta 30 días, con aviso',
    ja: '通知により最大30日延長',
  },
};

/** A statute citation in the letter's language (unknown citations are returned as they are: a statute's own form). */
export function statuteCitationIn(language: Other, citation: string): string {
  const whole = CITATIONS[citation]?.[language];
  if (whole) return whole;
  // "Va. Code 59.1-577 (one extension of 45 days, notice within the first 45) (medium)"
  const notes = [...citation.matchAll(/ \(([^()]*)\)/g)].map((m) => m[1]!);
  const base = citation.replace(/ \([^()]*\)/g, '');
  const kept = notes.filter((n) => n !== 'medium').map((n) => NOTES[n]?.[language] ?? n);
  return kept.length ? `${base} (${kept.join('; ')})` : base;
}

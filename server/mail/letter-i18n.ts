/**
 * The words letter helpers print, per language (the templates' sentences live in templates/i18n/<language>/). English
 * is in template-helpers.ts; the tables here must have an entry for every right, regime and known field in every other
 * language, which the template test checks by rendering every letter in every language.
 */
import type { DateTime } from 'luxon';
import type { LetterLanguage } from '../shared/languages';
import type { Regime } from './letter-data';

type Other = Exclude<LetterLanguage, 'en'>;

/** A right as the object of "a request concerning ..." (German: after "betreffend", French: after "portant sur", ...). */
export const RIGHT_LABELS_I18N: Record<Other, Record<string, string>> = {
  de: {
    access: 'Auskunft über personenbezogene Daten',
    know: 'Auskunft über personenbezogene Daten (Recht auf Kenntnis)',
    deletion: 'die Löschung personenbezogener Daten',
    correction: 'die Berichtigung personenbezogener Daten',
    portability: 'eine übertragbare Kopie personenbezogener Daten',
    opt_out_sale: 'den Widerspruch gegen den Verkauf personenbezogener Daten',
    opt_out_sharing: 'den Widerspruch gegen die Weitergabe personenbezogener Daten',
    opt_out_targeted_ads: 'den Widerspruch gegen zielgerichtete Werbung',
    limit_sensitive: 'die Beschränkung der Verwendung sensibler personenbezogener Daten',
    objection: 'den Widerspruch gegen die Verarbeitung',
    restriction: 'die Einschränkung der Verarbeitung',
    withdraw_consent: 'den Widerruf der Einwilligung',
    appeal: 'einen Rechtsbehelf (Appeal)',
    shine_the_light: 'Offenlegungen zu Direktwerbezwecken (Cal. Civ. Code § 1798.83)',
    nevada_opt_out: 'den Verzicht auf den Verkauf erfasster Daten (NRS 603A.345)',
  },
  fr: {
    access: "l'accès aux données personnelles",
    know: "l'accès aux données personnelles (droit de savoir)",
    deletion: "l'effacement des données personnelles",
    correction: 'la rectification des données personnelles',
    portability: 'une copie portable des données personnelles',
    opt_out_sale: "l'opposition à la vente des données personnelles",
    opt_out_sharing: "l'opposition au partage des données personnelles",
    opt_out_targeted_ads: "l'opposition à la publicité ciblée",
    limit_sensitive: "la limitation de l'utilisation des données personnelles sensibles",
    objection: "l'opposition au traitement",
    restriction: 'la limitation du traitement',
    withdraw_consent: 'le retrait du consentement',
    appeal: 'un recours (appeal)',
    shine_the_light: 'les communications à des fins de prospection directe (Cal. Civ. Code § 1798.83)',
    nevada_opt_out: "l'opposition à la vente des informations couvertes (NRS 603A.345)",
  },
  sv: {
    access: 'tillgång till personuppgifter',
    know: 'tillgång till personuppgifter (rätten att veta)',
    deletion: 'radering av personuppgifter',
    correction: 'rättelse av personuppgifter',
    portability: 'en överförbar kopia av personuppgifter',
    opt_out_sale: 'att personuppgifter inte säljs',
    opt_out_sharing: 'att personuppgifter inte delas',
    opt_out_targeted_ads: 'att personuppgifter inte används för riktad reklam',
    limit_sensitive: 'begränsning av användningen av känsliga personuppgifter',
    objection: 'invändning mot behandling',
    restriction: 'begränsning av behandling',
    withdraw_consent: 'återkallelse av samtycke',
    appeal: 'omprövning (appeal)',
    shine_the_light: 'redovisning av utlämnanden för direktmarknadsföring (Cal. Civ. Code § 1798.83)',
    nevada_opt_out: 'att omfattade uppgifter inte säljs (NRS 603A.345)',
  },
  es: {
    access: 'el acceso a datos personales',
    know: 'el acceso a datos personales (derecho a saber)',
    deletion: 'la supresión de datos personales',
    correction: 'la rectificación de datos personales',
    portability: 'una copia portable de datos personales',
    opt_out_sale: 'la exclusión de la venta de datos personales',
    opt_out_sharing: 'la exclusión del intercambio de datos personales',
    opt_out_targeted_ads: 'la exclusión de la publicidad dirigida',
    limit_sensitive: 'la limitación del uso de datos personales sensibles',
    objection: 'la oposición al tratamiento',
    restriction: 'la limitación del tratamiento',
    withdraw_consent: 'la retirada del consentimiento',
    appeal: 'un recurso (appeal)',
    shine_the_light: 'las comunicaciones con fines de mercadotecnia directa (Cal. Civ. Code § 1798.83)',
    nevada_opt_out: 'la no venta de la información cubierta (NRS 603A.345)',
  },
  ja: {
    access: '個人情報の開示',
    know: '個人情報の開示（知る権利）',
    deletion: '個人情報の削除',
    correction: '個人情報の訂正',
    portability: '個人情報の持ち運び可能な写し',
    opt_out_sale: '個人情報の販売の停止（オプトアウト）',
    opt_out_sharing: '個人情報の共有の停止（オプトアウト）',
    opt_out_targeted_ads: 'ターゲティング広告の停止（オプトアウト）',
    limit_sensitive: '要配慮個人情報の利用の制限',
    objection: '取扱いへの異議',
    restriction: '取扱いの制限',
    withdraw_consent: '同意の撤回',
    appeal: '不服申立て（appeal）',
    shine_the_light: 'ダイレクトマーケティング目的の提供に関する開示（Cal. Civ. Code § 1798.83）',
    nevada_opt_out: '対象情報の販売の停止（NRS 603A.345）',
  },
};

/**
 * A regime as the complement of "under ..." in a sentence: German "nach" + dative, French "au titre de", Swedish
 * "enligt", Spanish "en virtud de", Japanese "…に基づく". US state laws keep their own names.
 */
export const REGIME_UNDER_I18N: Record<Other, Record<Regime, string>> = {
  de: {
    CCPA: 'nach dem California Consumer Privacy Act (Cal. Civ. Code § 1798.100 ff.)',
    CA_SHINE_THE_LIGHT: 'nach Cal. Civ. Code § 1798.83 (Shine the Light)',
    GDPR: 'nach der Datenschutz-Grundverordnung (EU) 2016/679 (DSGVO)',
    UK_GDPR: 'nach der UK GDPR und dem Data Protection Act 2018',
    VA_CDPA: 'nach dem Virginia Consumer Data Protection Act (Va. Code § 59.1-575 ff.)',
    CO_CPA: 'nach dem Colorado Privacy Act (C.R.S. § 6-1-1301 ff.)',
    CT_DPA: 'nach dem Connecticut Data Privacy Act (Conn. Gen. Stat. § 42-515 ff.)',
    UT_UCPA: 'nach dem Utah Consumer Privacy Act (Utah Code § 13-61-101 ff.)',
    TX_DPSA: 'nach dem Texas Data Privacy and Security Act (Tex. Bus. & Com. Code Kap. 541)',
    OR_OCPA: 'nach dem Oregon Consumer Privacy Act (ORS 646A.570 bis 646A.589)',
    IA_ICDPA: 'nach dem Iowa Consumer Data Protection Act (Iowa Code Kap. 715D)',
    NV_603A: 'nach NRS Kapitel 603A (NRS 603A.345)',
    US_STATE_OTHER: 'nach dem Datenschutzrecht des Bundesstaats',
    PIPEDA: 'nach dem Personal Information Protection and Electronic Documents Act (PIPEDA)',
    QC_LAW25: 'nach dem Gesetz über den Schutz personenbezogener Daten im Privatsektor von Québec (RLRQ c. P-39.1)',
    LGPD: 'nach der Lei Geral de Proteção de Dados (Lei nº 13.709/2018)',
    APPI: 'nach dem japanischen Gesetz über den Schutz personenbezogener Informationen (APPI)',
  },
  fr: {
    CCPA: 'au titre du California Consumer Privacy Act (Cal. Civ. Code § 1798.100 et seq.)',
    CA_SHINE_THE_LIGHT: 'au titre du Cal. Civ. Code § 1798.83 (Shine the Light)',
    GDPR: 'au titre du règlement général sur la protection des données (UE) 2016/679 (RGPD)',
    UK_GDPR: 'au titre du UK GDPR et du Data Protection Act 2018',
    VA_CDPA: 'au titre du Virginia Consumer Data Protection Act (Va. Code § 59.1-575 et seq.)',
    CO_CPA: 'au titre du Colorado Privacy Act (C.R.S. § 6-1-1301 et seq.)',
    CT_DPA: 'au titre du Connecticut Data Privacy Act (Conn. Gen. Stat. § 42-515 et seq.)',
    UT_UCPA: 'au titre du Utah Consumer Privacy Act (Utah Code § 13-61-101 et seq.)',
    TX_DPSA: 'au titre du Texas Data Privacy and Security Act (Tex. Bus. & Com. Code chap. 541)',
    OR_OCPA: 'au titre du Oregon Consumer Privacy Act (ORS 646A.570 à 646A.589)',
    IA_ICDPA: 'au titre du Iowa Consumer Data Protection Act (Iowa Code chap. 715D)',
    NV_603A: 'au titre du chapitre 603A des NRS (NRS 603A.345)',
    US_STATE_OTHER: "au titre de la loi de l'État sur la protection de la vie privée des consommateurs",
    PIPEDA:
      'au titre de la Loi sur la protection des renseignements personnels et les documents électroniques (LPRPDE)',
    QC_LAW25:
      'au titre de la Loi sur la protection des renseignements personnels dans le secteur privé (RLRQ, c. P-39.1)',
    LGPD: 'au titre de la Lei Geral de Proteção de Dados (Lei nº 13.709/2018)',
    APPI: 'au titre de la loi japonaise sur la protection des informations personnelles (APPI)',
  },
  sv: {
    CCPA: 'enligt California Consumer Privacy Act (Cal. Civ. Code § 1798.100 ff.)',
    CA_SHINE_THE_LIGHT: 'enligt Cal. Civ. Code § 1798.83 (Shine the Light)',
    GDPR: 'enligt dataskyddsförordningen (EU) 2016/679',
    UK_GDPR: 'enligt UK GDPR och Data Protection Act 2018',
    VA_CDPA: 'enligt Virginia Consumer Data Protection Act (Va. Code § 59.1-575 ff.)',
    CO_CPA: 'enligt Colorado Privacy Act (C.R.S. § 6-1-1301 ff.)',
    CT_DPA: 'enligt Connecticut Data Privacy Act (Conn. Gen. Stat. § 42-515 ff.)',
    UT_UCPA: 'enligt Utah Consumer Privacy Act (Utah Code § 13-61-101 ff.)',
    TX_DPSA: 'enligt Texas Data Privacy and Security Act (Tex. Bus. & Com. Code kap. 541)',
    OR_OCPA: 'enligt Oregon Consumer Privacy Act (ORS 646A.570–646A.589)',
    IA_ICDPA: 'enligt Iowa Consumer Data Protection Act (Iowa Code kap. 715D)',
    NV_603A: 'enligt NRS kapitel 603A (NRS 603A.345)',
    US_STATE_OTHER: 'enligt delstatens konsumentskyddslagstiftning om personlig integritet',
    PIPEDA: 'enligt Personal Information Protection and Electronic Documents Act (PIPEDA)',
    QC_LAW25: 'enligt Québecs lag om skydd av personuppgifter i den privata sektorn (CQLR c. P-39.1)',
    LGPD: 'enligt Lei Geral de Proteção de Dados (Lei nº 13.709/2018)',
    APPI: 'enligt den japanska lagen om skydd av personuppgifter (APPI)',
  },
  es: {
    CCPA: 'en virtud de la California Consumer Privacy Act (Cal. Civ. Code § 1798.100 y ss.)',
    CA_SHINE_THE_LIGHT: 'en virtud del Cal. Civ. Code § 1798.83 (Shine the Light)',
    GDPR: 'en virtud del Reglamento General de Protección de Datos (UE) 2016/679 (RGPD)',
    UK_GDPR: 'en virtud del UK GDPR y de la Data Protection Act 2018',
    VA_CDPA: 'en virtud de la Virginia Consumer Data Protection Act (Va. Code § 59.1-575 y ss.)',
    CO_CPA: 'en virtud de la Colorado Privacy Act (C.R.S. § 6-1-1301 y ss.)',
    CT_DPA: 'en virtud de la Connecticut Data Privacy Act (Conn. Gen. Stat. § 42-515 y ss.)',
    UT_UCPA: 'en virtud de la Utah Consumer Privacy Act (Utah Code § 13-61-101 y ss.)',
    TX_DPSA: 'en virtud de la Texas Data Privacy and Security Act (Tex. Bus. & Com. Code cap. 541)',
    OR_OCPA: 'en virtud de la Oregon Consumer Privacy Act (ORS 646A.570 a 646A.589)',
    IA_ICDPA: 'en virtud de la Iowa Consumer Data Protection Act (Iowa Code cap. 715D)',
    NV_603A: 'en virtud del capítulo 603A de los NRS (NRS 603A.345)',
    US_STATE_OTHER: 'en virtud de la legislación estatal de privacidad de los consumidores',
    PIPEDA: 'en virtud de la Personal Information Protection and Electronic Documents Act (PIPEDA)',
    QC_LAW25:
      'en virtud de la ley de Quebec sobre la protección de la información personal en el sector privado (RLRQ c. P-39.1)',
    LGPD: 'en virtud de la Lei Geral de Proteção de Dados (Lei nº 13.709/2018)',
    APPI: 'en virtud de la ley japonesa de protección de la información personal (APPI)',
  },
  ja: {
    CCPA: 'カリフォルニア州消費者プライバシー法（California Consumer Privacy Act、Cal. Civ. Code § 1798.100 以下）',
    CA_SHINE_THE_LIGHT: 'Cal. Civ. Code § 1798.83（Shine the Light）',
    GDPR: 'EU一般データ保護規則（EU）2016/679（GDPR）',
    UK_GDPR: '英国一般データ保護規則（UK GDPR）及び2018年データ保護法（Data Protection Act 2018）',
    VA_CDPA: 'バージニア州消費者データ保護法（Virginia Consumer Data Protection Act、Va. Code § 59.1-575 以下）',
    CO_CPA: 'コロラド州プライバシー法（Colorado Privacy Act、C.R.S. § 6-1-1301 以下）',
    CT_DPA: 'コネチカット州データプライバシー法（Connecticut Data Privacy Act、Conn. Gen. Stat. § 42-515 以下）',
    UT_UCPA: 'ユタ州消費者プライバシー法（Utah Consumer Privacy Act、Utah Code § 13-61-101 以下）',
    TX_DPSA:
      'テキサス州データプライバシー・セキュリティ法（Texas Data Privacy and Security Act、Tex. Bus. & Com. Code 第541章）',
    OR_OCPA: 'オレゴン州消費者プライバシー法（Oregon Consumer Privacy Act、ORS 646A.570〜646A.589）',
    IA_ICDPA: 'アイオワ州消費者データ保護法（Iowa Consumer Data Protection Act、Iowa Code 第715D章）',
    NV_603A: 'ネバダ州改正法第603A章（NRS 603A.345）',
    US_STATE_OTHER: '州の消費者プライバシー法',
    PIPEDA: 'カナダ個人情報保護及び電子文書法（PIPEDA）',
    QC_LAW25: 'ケベック州民間部門における個人情報保護法（CQLR c. P-39.1）',
    LGPD: 'ブラジル一般個人データ保護法（Lei nº 13.709/2018、LGPD）',
    APPI: '個人情報の保護に関する法律（個人情報保護法）',
  },
};

/** Labels of the fields vendors require (see FIELD_LABELS in letter-data.ts, keyed the same way). */
export const FIELD_LABELS_I18N: Record<Other, Record<string, string>> = {
  de: {
    name: 'Vollständiger Name',
    email: 'E-Mail-Adresse',
    phone: 'Telefon',
    address: 'Postanschrift',
    zip: 'Postleitzahl',
    postal_code: 'Postleitzahl',
    country: 'Land',
    state: 'Bundesstaat',
    city: 'Ort',
    contact: 'Bevorzugter Kontaktweg',
    rights: 'Ausgeübte Rechte',
  },
  fr: {
    name: 'Nom complet',
    email: 'Adresse électronique',
    phone: 'Téléphone',
    address: 'Adresse postale',
    zip: 'Code postal',
    postal_code: 'Code postal',
    country: 'Pays',
    state: 'État',
    city: 'Ville',
    contact: 'Moyen de contact préféré',
    rights: 'Droits exercés',
  },
  sv: {
    name: 'Fullständigt namn',
    email: 'E-postadress',
    phone: 'Telefon',
    address: 'Postadress',
    zip: 'Postnummer',
    postal_code: 'Postnummer',
    country: 'Land',
    state: 'Delstat',
    city: 'Ort',
    contact: 'Önskat kontaktsätt',
    rights: 'Utövade rättigheter',
  },
  es: {
    name: 'Nombre completo',
    email: 'Correo electrónico',
    phone: 'Teléfono',
    address: 'Dirección postal',
    zip: 'Código postal',
    postal_code: 'Código postal',
    country: 'País',
    state: 'Estado',
    city: 'Ciudad',
    contact: 'Medio de contacto preferido',
    rights: 'Derechos ejercidos',
  },
  ja: {
    name: '氏名',
    email: 'メールアドレス',
    phone: '電話番号',
    address: '住所',
    zip: '郵便番号',
    postal_code: '郵便番号',
    country: '国',
    state: '州',
    city: '市区町村',
    contact: '希望する連絡方法',
    rights: '行使する権利',
  },
};

/** English field names (letter-data.ts FIELD_LABELS values) to the keys above. */
export const FIELD_LABEL_KEYS: Record<string, string> = {
  'Full name': 'name',
  'Email address': 'email',
  Telephone: 'phone',
  'Postal address': 'address',
  'ZIP code': 'zip',
  'Postal code': 'postal_code',
  Postcode: 'postal_code',
  Country: 'country',
  State: 'state',
  City: 'city',
  'Preferred contact': 'contact',
  'Rights exercised': 'rights',
};

/** "a, b and c" */
export const LIST_AND: Record<Other, string> = { de: ' und ', fr: ' et ', sv: ' och ', es: ' y ', ja: '及び' };
export const LIST_COMMA: Record<Other, string> = { de: ', ', fr: ', ', sv: ', ', es: ', ', ja: '、' };

/** luxon locale and format of a date in running text */
const DATE_FORMATS: Record<LetterLanguage, { locale: string; format: string }> = {
  en: { locale: 'en-GB', format: 'd MMMM yyyy' },
  de: { locale: 'de-DE', format: 'd. MMMM yyyy' },
  fr: { locale: 'fr-FR', format: 'd MMMM yyyy' },
  sv: { locale: 'sv-SE', format: 'd MMMM yyyy' },
  es: { locale: 'es-ES', format: "d 'de' MMMM 'de' yyyy" },
  ja: { locale: 'ja-JP', format: 'yyyy年M月d日' },
};

/** A date in running text, as the language writes it (French: "1er mars 2025"). */
export function formatLetterDate(language: LetterLanguage, date: DateTime): string {
  const f = DATE_FORMATS[language];
  const text = date.setLocale(f.locale).toFormat(f.format);
  return language === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

/** The salutation the PDF body starts at (the PDF lays out the address block and date itself), and its footer. */
export const PDF_WORDS: Record<
  LetterLanguage,
  { salutation: RegExp; ref: string; page: (n: number, of: number) => string }
> = {
  en: { salutation: /^Dear /m, ref: 'Ref.', page: (n, of) => `Page ${n} of ${of}` },
  de: { salutation: /^Sehr geehrte /m, ref: 'Az.', page: (n, of) => `Seite ${n} von ${of}` },
  fr: { salutation: /^Madame, Monsieur/m, ref: 'Réf.', page: (n, of) => `Page ${n} sur ${of}` },
  sv: { salutation: /^Till /m, ref: 'Ref.', page: (n, of) => `Sida ${n} av ${of}` },
  es: { salutation: /^Estimados /m, ref: 'Ref.', page: (n, of) => `Página ${n} de ${of}` },
  ja: { salutation: /^拝啓/m, ref: '参照番号', page: (n, of) => `${n} / ${of} ページ` },
};

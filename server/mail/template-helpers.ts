/**
 * Handlebars helpers shared by the html and text environments. Helpers throw rather than return ''
 * on bad input: a blank in a sent letter is worse than a failed render.
 */
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import type { LetterLanguage } from '../shared/languages';
import type { Regime } from './letter-data';
import {
  formatLetterDate,
  FIELD_LABEL_KEYS,
  FIELD_LABELS_I18N,
  LIST_AND,
  LIST_COMMA,
  REGIME_UNDER_I18N,
  RIGHT_LABELS_I18N,
} from './letter-i18n';

/** A right and a law in words, for sentences outside templates (e.g. why no letter can be written). */
export const rightInWords = (right: string): string => RIGHT_LABELS[right] ?? right.replace(/_/g, ' ');
export const regimeInWords = (regime: string): string => (REGIME_NAMES as Record<string, string>)[regime] ?? regime;

export class TemplateRenderError extends Error {
  override readonly name = 'TemplateRenderError';
}

const RIGHT_LABELS: Record<string, string> = {
  access: 'access to personal information',
  know: 'access to personal information (right to know)',
  deletion: 'deletion of personal information',
  correction: 'correction of personal information',
  portability: 'a portable copy of personal information',
  opt_out_sale: 'opting out of the sale of personal information',
  opt_out_sharing: 'opting out of the sharing of personal information',
  opt_out_targeted_ads: 'opting out of targeted advertising',
  limit_sensitive: 'limiting the use of sensitive personal information',
  objection: 'objection to processing',
  restriction: 'restriction of processing',
  withdraw_consent: 'withdrawal of consent',
  appeal: 'an appeal',
  shine_the_light: 'disclosures for direct marketing (Cal. Civ. Code § 1798.83)',
  nevada_opt_out: 'not selling covered information (NRS 603A.345)',
};

const REGIME_NAMES: Record<Regime, string> = {
  CCPA: 'the California Consumer Privacy Act (Cal. Civ. Code § 1798.100 et seq.)',
  CA_SHINE_THE_LIGHT: 'Cal. Civ. Code § 1798.83 (Shine the Light)',
  GDPR: 'the General Data Protection Regulation (EU) 2016/679',
  UK_GDPR: 'the UK GDPR and the Data Protection Act 2018',
  VA_CDPA: 'the Virginia Consumer Data Protection Act (Va. Code § 59.1-575 et seq.)',
  CO_CPA: 'the Colorado Privacy Act (C.R.S. § 6-1-1301 et seq.)',
  CT_DPA: 'the Connecticut Data Privacy Act (Conn. Gen. Stat. § 42-515 et seq.)',
  UT_UCPA: 'the Utah Consumer Privacy Act (Utah Code § 13-61-101 et seq.)',
  TX_DPSA: 'the Texas Data Privacy and Security Act (Tex. Bus. & Com. Code ch. 541)',
  OR_OCPA: 'the Oregon Consumer Privacy Act (ORS 646A.570 to 646A.589)',
  IA_ICDPA: 'the Iowa Consumer Data Protection Act (Iowa Code ch. 715D)',
  NV_603A: 'NRS Chapter 603A (NRS 603A.345)',
  US_STATE_OTHER: 'state consumer privacy law',
  PIPEDA: 'the Personal Information Protection and Electronic Documents Act (PIPEDA)',
  QC_LAW25: 'the Act respecting the protection of personal information in the private sector (CQLR c. P-39.1)',
  LGPD: 'the Lei Geral de Proteção de Dados (Lei nº 13.709/2018)',
  APPI: 'the Act on the Protection of Personal Information (APPI)',
};

function lookup(table: Record<string, string>, key: unknown, what: string): string {
  const value = typeof key === 'string' ? table[key] : undefined;
  if (!value) throw new TemplateRenderError(`unknown ${what}: ${String(key)}`);
  return value;
}

function parseDate(value: unknown): DateTime {
  const dt = typeof value === 'string' ? DateTime.fromISO(value, { setZone: true }) : DateTime.invalid('not a string');
  if (!dt.isValid) throw new TemplateRenderError(`not an ISO date: ${String(value)}`);
  return dt;
}

/** "a", "a and b", "a, b and c" (in the letter's language) */
function joinList(items: readonly string[], language: LetterLanguage = 'en'): string {
  if (items.length === 0) throw new TemplateRenderError('empty list');
  if (items.length === 1) return items[0]!;
  const [comma, and] = language === 'en' ? [', ', ' and '] : [LIST_COMMA[language], LIST_AND[language]];
  return `${items.slice(0, -1).join(comma)}${and}${items[items.length - 1]}`;
}

/** Helpers take Handlebars' options object as the last argument; this drops it. */
function args(all: unknown[]): unknown[] {
  return all.slice(0, -1);
}

type HelperOptions = Handlebars.HelperOptions;

export function registerHelpers(hb: typeof Handlebars, html: boolean, language: LetterLanguage = 'en'): void {
  const rightLabels = language === 'en' ? RIGHT_LABELS : RIGHT_LABELS_I18N[language];
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('assertKind', function (this: unknown, ...all: unknown[]) {
    const [kind, ...allowed] = args(all);
    const options = all[all.length - 1] as HelperOptions;
    if (!allowed.includes(kind)) {
      const regime = (options.data?.root as { regime?: string } | undefined)?.regime;
      throw new TemplateRenderError(`regime "${String(regime)}" has no citation text for letter "${String(kind)}"`);
    }
    return '';
  });
  hb.registerHelper('htmlLang', () => language);
  hb.registerHelper('formatDate', (v: unknown) => formatLetterDate(language, parseDate(v)));
  hb.registerHelper('formatDateTime', (v: unknown) =>
    parseDate(v).toUTC().setLocale('en-GB').toFormat("d MMMM yyyy, HH:mm 'UTC'"),
  );
  hb.registerHelper('isoDate', (v: unknown) => parseDate(v).toISODate());
  hb.registerHelper('effectiveDue', (d: { due: string; extended_due?: string | null }) => d.extended_due ?? d.due);
  // Voice: the same sentence works whether the consumer or their authorized agent is writing.
  // Other languages inflect these (German case, French elision, ...): their templates spell out both voices instead.
  const englishOnly = (name: string) => () => {
    throw new TemplateRenderError(`"${name}" is English only: write the ${language} sentence for both voices`);
  };
  hb.registerHelper(
    'me',
    language === 'en'
      ? (options: HelperOptions) => (options.data?.root?.agent ? 'my client' : 'me')
      : englishOnly('me'),
  );
  hb.registerHelper(
    'my',
    language === 'en'
      ? (options: HelperOptions) => (options.data?.root?.agent ? "my client's" : 'my')
      : englishOnly('my'),
  );
  hb.registerHelper('rightLabel', (r: unknown) => lookup(rightLabels, r, 'right'));
  hb.registerHelper('rightList', (rs: unknown[]) =>
    joinList(
      rs.map((r) => lookup(rightLabels, r, 'right')),
      language,
    ),
  );
  hb.registerHelper(
    'regimeName',
    language === 'en' ? (r: unknown) => lookup(REGIME_NAMES, r, 'regime') : englishOnly('regimeName'),
  );
  // "under the GDPR" in the letter's language, preposition included (German "nach der DSGVO", French "au titre du RGPD")
  hb.registerHelper('regimeUnder', (r: unknown) =>
    language === 'en' ? `under ${lookup(REGIME_NAMES, r, 'regime')}` : lookup(REGIME_UNDER_I18N[language], r, 'regime'),
  );
  hb.registerHelper('regimePartial', (r: unknown) => {
    lookup(REGIME_NAMES, r, 'regime');
    return `regime-${String(r).toLowerCase().replace(/_/g, '-')}`;
  });
  hb.registerHelper('templatePart', (name: unknown, part: unknown) => `${String(name)}/${String(part)}`);
  // "Full name" -> "full name", but "ZIP code" and "ID" keep their capitals.
  // (German nouns keep their capital; a field we have no word for keeps its own name)
  const midSentence = (label: string) =>
    language === 'de' || language === 'ja' ? label : label.replace(/^(\p{Lu})(?=\p{Ll})/u, (c) => c.toLowerCase());
  const localLabel = (label: string) => {
    if (language === 'en') return label;
    const key = FIELD_LABEL_KEYS[label];
    return key ? lookup(FIELD_LABELS_I18N[language], key, 'field') : label;
  };
  hb.registerHelper('fieldLabel', (label: string) => localLabel(label));
  hb.registerHelper('fieldList', (fields: { label: string }[]) =>
    joinList(
      fields.map((f) => midSentence(localLabel(f.label))),
      language,
    ),
  );
  hb.registerHelper('list', (items: string[]) => joinList(items, language));
  hb.registerHelper('plural', (n: number, one: string, many: string) => (n === 1 ? one : many));
  hb.registerHelper('paragraphs', function (this: unknown, options: HelperOptions) {
    const inner = options.fn(this);
    return html ? new hb.SafeString(toHtmlParagraphs(inner)) : inner;
  });
}

/**
 * Plain text (already escaped value by value in the html environment) to <p> blocks. Template text is
 * trusted and contains no markup, so nothing here re-escapes.
 */
function toHtmlParagraphs(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p style="margin:0 0 1em">${p.split('\n').join('<br>\n')}</p>`)
    .join('\n');
}

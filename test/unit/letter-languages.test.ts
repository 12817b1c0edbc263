/**
 * Issue 20, letters in the company's language: every language × letter × right × regime (with and without an agent,
 * by email and by post, under the law's deadline, a company's own promise and an extension) renders from data whose
 * words about time come from the real deadline engine, with no Handlebars error, no empty value, no missing template
 * file, and no English phrase left in a letter in another language (outside proper names and citations).
 */
import fs from 'node:fs';
import path from 'node:path';
import { letterDeadline } from '../../server/correspondence/letter-data';
import { applyExtension, computeDeadline, type Deadline } from '../../server/deadlines';
import { agentPermitted, letterCombinations, LETTER_TEMPLATES, type LetterData } from '../../server/mail/letter-data';
import { regulatorsFor } from '../../server/mail/regulators';
import { SAMPLE_DATA, sampleLetterData } from '../../server/mail/sample-data';
import {
  LOCALIZED_TEMPLATES,
  renderLetter,
  renderTemplate,
  TEMPLATES_DIR,
  type RenderedTemplate,
} from '../../server/mail/templates';
import { fieldLabel } from '../../server/mail/letter-data';
import { LETTER_LANGUAGES, languageFromAcceptLanguage, type LetterLanguage } from '../../server/shared/languages';
import { detectLanguage } from '../../server/vendors/language-detect';
import { resolveRight } from '../../server/deadlines/rules';

const ARTEFACTS = [/undefined/, /\bnull\b/, /\[object Object\]/, /\{\{/, /\}\}/, /NaN/, /Invalid DateTime/, /\(\s*\)/];

/** Words of an English letter that no letter in another language may contain once names and citations are removed. */
const ENGLISH_MARKERS = [
  'the',
  'and',
  'of',
  'to',
  'please',
  'request',
  'requests',
  'your',
  'you',
  'this',
  'with',
  'within',
  'letter',
  'law',
  'receipt',
  'response',
  'dear',
  'yours',
  'faithfully',
  'reference',
  'reply',
  'should',
  'must',
  'we',
  'our',
  'my',
  'client',
  'received',
  'days',
  'months',
  'month',
  'from',
  'by',
  'email',
  'will',
  'not',
  'without',
  'delay',
  'calendar',
  'business',
  'extension',
  'notice',
  'appeal',
  'deemed',
  'refusal',
  'privacy',
  'policy',
  'promise',
  'promises',
  'medium',
  'trackers',
  'check',
  'statute',
  'answered',
  'within',
  'guidance',
];

/** Proper names and citations that keep their English form in every language (US state laws, titles, the portal). */
const PROPER_NAMES = [
  'California Consumer Privacy Act',
  'Virginia Consumer Data Protection Act',
  'Colorado Privacy Act',
  'Connecticut Data Privacy Act',
  'Utah Consumer Privacy Act',
  'Texas Data Privacy and Security Act',
  'Oregon Consumer Privacy Act',
  'Iowa Consumer Data Protection Act',
  'Personal Information Protection and Electronic Documents Act',
  'UK General Data Protection Regulation',
  'Data Protection Act 2018',
  'Shine the Light',
  'covered information',
  'Attorney General',
  '(appeal)',
  '(Appeal)',
  'Data Rights Portal',
  'Tex. Bus. & Com. Code',
  'Global Privacy Control',
  'Sec-GPC: 1',
];

/** Every string in the letter's data: names, addresses, the vendor's own subject line, regulators' names. */
function dataStrings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) dataStrings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) dataStrings(v, out);
  return out;
}

function englishLeft(text: string, data: unknown): string[] {
  let rest = text;
  const strip = [...dataStrings(data), PROMISE_QUOTE, ...PROPER_NAMES]
    .flatMap((s) => [s, ...s.split('\n')])
    .filter((s) => s.trim().length >= 3)
    .sort((a, b) => b.length - a.length);
  for (const s of strip) rest = rest.split(s).join(' ');
  rest = rest.replace(/Account ID/g, ' ');
  const words = rest.toLowerCase().match(/[a-z]+/g) ?? [];
  return [...new Set(words.filter((w) => ENGLISH_MARKERS.includes(w)))];
}

function expectComplete(out: RenderedTemplate, language: LetterLanguage, data: unknown, label: string): void {
  for (const part of [out.subject, out.text, out.html]) {
    for (const re of ARTEFACTS) {
      if (re.test(part)) throw new Error(`${label}: ${re} in\n${part}`);
    }
  }
  expect(out.subject.trim().length).toBeGreaterThan(5);
  expect(out.html).toContain(`<html lang="${language}">`);
  if (language !== 'en') {
    const left = [...englishLeft(out.subject, data), ...englishLeft(out.text, data)];
    if (left.length) throw new Error(`${label}: English left (${left.join(', ')}) in\n${out.subject}\n${out.text}`);
  }
}

const RECEIVED = '2025-03-03';
/** a company's own words, quoted in the letter as they are (stripped like other data before the English check) */
const PROMISE_QUOTE = 'We answer every privacy request within 10 days.';
type Variant = 'statute' | 'promise' | 'extended';

/** The deadline the engine computes for the letter, in the letter's language, as the real dispatch builds it. */
function engineDeadline(data: LetterData, variant: Variant): Deadline {
  // a letter the deadline rules do not time (e.g. targeted-ads opt-out in California) is timed like an access request
  const jurisdiction = data.jurisdiction === 'CA' ? 'CA-ON' : data.jurisdiction;
  const right = resolveRight(jurisdiction, data.right).ok ? data.right : 'access';
  const base = computeDeadline({
    // the sample's federal Canada is timed as a province under PIPEDA
    jurisdiction: data.jurisdiction === 'CA' ? 'CA-ON' : data.jurisdiction,
    right,
    received: RECEIVED,
    ...(variant === 'promise'
      ? {
          vendorPromises: [
            {
              vendor: 'Example Audio',
              days: 10,
              unit: 'calendar' as const,
              rights: [],
              jurisdiction: null,
              citation: { quote: PROMISE_QUOTE },
            },
          ],
        }
      : {}),
  });
  if (variant !== 'extended' || !base.extension_notice_by) return base;
  const extended = applyExtension(base, { noticeDate: base.extension_notice_by });
  return extended.ok ? extended.deadline : base;
}

const COMBINATIONS = letterCombinations();

describe('every language has every template and partial a letter needs', () => {
  it.each(LETTER_LANGUAGES.filter((l) => l !== 'en'))(
    'when the %s templates are listed, then none is missing',
    (language) => {
      const root = path.join(TEMPLATES_DIR, 'i18n', language);
      for (const name of LOCALIZED_TEMPLATES)
        for (const part of ['subject', 'text', 'html'])
          expect(fs.existsSync(path.join(root, name, `${part}.hbs`))).toBe(true);
      const shared = new Set(['layout', 'letter-subject', 'button', 'notice-signature', 'staff-reminder-what']);
      for (const file of fs.readdirSync(path.join(TEMPLATES_DIR, 'partials'))) {
        if (shared.has(file.replace(/\.hbs$/, ''))) continue;
        expect([language, file, fs.existsSync(path.join(root, 'partials', file))]).toEqual([language, file, true]);
      }
    },
  );
});

describe.each(LETTER_LANGUAGES)('letters in %s', (language) => {
  it('when every right × regime letter is rendered (agent or not, email or post, law, promise or extension), then each is complete and in the language', () => {
    let rendered = 0;
    for (const { right, regime, template } of COMBINATIONS) {
      for (const agent of [false, true]) {
        if (agent && !agentPermitted(regime, template)) continue;
        for (const postalOnly of [false, true]) {
          for (const variant of ['statute', 'promise', 'extended'] as Variant[]) {
            const sample = sampleLetterData(right, regime, { agent, postalOnly });
            const deadline = engineDeadline(sample, variant);
            const data: LetterData = {
              ...sample,
              deadline: {
                ...letterDeadline(deadline, !postalOnly, language),
                ...(variant === 'extended' && deadline.extended_due ? { extended_due: deadline.due } : {}),
              },
            };
            const label = `${language} ${regime}/${right}${agent ? ' agent' : ''}${postalOnly ? ' post' : ''} ${variant}`;
            expectComplete(renderLetter(data, language), language, data, label);
            rendered++;
          }
        }
      }
    }
    expect(rendered).toBeGreaterThan(COMBINATIONS.length * 6);
  });

  it('when an opt-out carries the GPC statement (with a law and without), then it is complete and in the language', () => {
    let rendered = 0;
    for (const { right, regime } of COMBINATIONS.filter((c) => c.template === 'opt_out')) {
      for (const law of [
        { law: 'California Consumer Privacy Act', citation: 'Cal. Civ. Code § 1798.135(b)(1) and (e)' },
        { law: null, citation: null },
      ]) {
        const sample = sampleLetterData(right, regime);
        const data: LetterData = { ...sample, gpc: { recorded_on: '2026-12-01', ...law } };
        const out = renderLetter(data, language);
        expectComplete(out, language, data, `${language} ${regime}/${right} gpc ${law.citation ? 'law' : 'no law'}`);
        expect(out.text).toContain('Global Privacy Control');
        if (law.citation) expect(out.text).toContain(law.citation);
        rendered++;
      }
    }
    expect(rendered).toBeGreaterThan(0);
  });

  it('when the follow-up is rendered for every right × regime (overdue, promise missed, early refusal), then each is complete and in the language', () => {
    for (const { right, regime } of COMBINATIONS) {
      const sample = sampleLetterData(right, regime);
      for (const variant of ['statute', 'promise'] as Variant[]) {
        const deadline = engineDeadline(sample, variant);
        const regulator = regulatorsFor(sample.jurisdiction)[0];
        for (const early of [undefined, 'vendor_refused', 'unlawful_demand'] as const) {
          const data = {
            ...sample,
            vendor: { ...sample.vendor, required_subject_line: null, required_fields: [] },
            deadline: letterDeadline(deadline, true, language),
            date: '2025-05-20',
            original_date: RECEIVED,
            legal_deadline_passed: !early,
            ...(regulator && !early ? { regulator_code: regulator.code } : {}),
            ...(early ? { early_reason: early, early_reason_detail: 'Ref 4711' } : {}),
          };
          const out = renderTemplate('vendor_follow_up', data as never, language);
          expectComplete(
            out,
            language,
            { ...data, regulator: regulator?.regulator.name },
            `${language} follow-up ${regime}/${right}`,
          );
        }
      }
    }
  });

  it('when the withdrawal and the consumer answer to a company are rendered, then they are complete and in the language', () => {
    for (const name of ['vendor_withdrawal', 'vendor_consumer_answer'] as const) {
      const data = SAMPLE_DATA[name];
      expectComplete(renderTemplate(name, data as never, language), language, data, `${language} ${name}`);
    }
  });
});

describe('what makes the test fail', () => {
  it('when an English sentence is left in a German letter, then the marker check finds it', () => {
    const data = sampleLetterData('access', 'GDPR');
    expect(englishLeft('Hiermit beantrage ich Auskunft. Please respond within the time.', data)).toEqual(
      expect.arrayContaining(['please', 'within', 'the']),
    );
    expect(englishLeft(`Per E-Mail: ${data.vendor.email}; ${fieldLabel('account_id')}: EA-778812`, data)).toEqual([]);
  });

  it('when a template for a consumer notice is asked for in another language, then it refuses instead of answering in English', () => {
    expect(() => renderTemplate('consumer_verify', SAMPLE_DATA.consumer_verify, 'de')).toThrow(/not written in "de"/);
  });

  it('when a letter is rendered twice from the same data, then the text is the same (a re-render is the stored letter)', () => {
    const data = sampleLetterData('deletion', 'GDPR', { agent: true });
    for (const language of LETTER_LANGUAGES) expect(renderLetter(data, language)).toEqual(renderLetter(data, language));
  });

  it('when the legal citations are written, then each language cites the GDPR its own way', () => {
    const data = sampleLetterData('access', 'GDPR');
    const deadline = computeDeadline({ jurisdiction: 'SE', right: 'access', received: RECEIVED });
    const texts = Object.fromEntries(
      LETTER_LANGUAGES.map((l) => [l, renderLetter({ ...data, deadline: letterDeadline(deadline, true, l) }, l).text]),
    );
    expect(texts.de).toContain('Art. 15 der Datenschutz-Grundverordnung');
    expect(texts.de).toContain('Art. 12 Abs. 3 bis 6, Art. 15 bis 22 DSGVO');
    expect(texts.fr).toContain("l'article 15 du règlement général sur la protection des données");
    expect(texts.sv).toContain('artikel 15 i dataskyddsförordningen');
    expect(texts.es).toContain('artículo 15 del Reglamento General de Protección de Datos');
    expect(texts.ja).toContain('一般データ保護規則（EU）2016/679（GDPR）第15条');
    expect(texts.en).toContain('Article 15 of the General Data Protection Regulation');
    expect(LETTER_TEMPLATES.length).toBeGreaterThan(0);
  });

  it('when dates and field names are written mid-sentence, then each language writes them its own way', () => {
    const data = sampleLetterData('access', 'CCPA');
    expect(renderLetter(data, 'fr').text).toContain('Le 1er mars 2025');
    expect(renderLetter(data, 'de').text).toContain('1. März 2025');
    expect(renderLetter(data, 'es').text).toContain('1 de marzo de 2025');
    expect(renderLetter(data, 'es').text).toContain('dirección postal, código postal y account ID');
    expect(renderLetter(data, 'ja').text).toContain('2025年3月1日');
  });
});

describe('choosing the language', () => {
  it.each([
    ['de-CH,de;q=0.9,en;q=0.8', 'de'],
    ['pt-BR, es;q=0.5', 'es'],
    ['en;q=0.2, ja', 'ja'],
    ['pt-BR', 'en'],
    ['', 'en'],
    ['sv;q=0, fr;q=0.1', 'fr'],
  ])('when the browser sends Accept-Language "%s", then the consumer language is %s', (header, expected) => {
    expect(languageFromAcceptLanguage(header)).toBe(expected);
  });

  it.each([
    [
      'de',
      'Wir verarbeiten Ihre personenbezogenen Daten, wenn Sie unsere Dienste nutzen. Sie haben das Recht auf Auskunft über die Daten, die wir über Sie speichern, und auf Löschung der Daten. Die Daten werden nicht an Dritte verkauft. Wenn Sie Fragen zu der Verarbeitung haben, wenden Sie sich an den Datenschutzbeauftragten. Wir speichern die Daten für die Dauer des Vertrags und löschen sie danach.',
    ],
    [
      'fr',
      "Nous traitons vos données personnelles lorsque vous utilisez nos services. Vous avez le droit d'accéder aux données que nous détenons sur vous et de demander leur effacement. Les données ne sont pas vendues à des tiers. Pour toute question sur le traitement, vous pouvez contacter notre délégué à la protection des données par courrier ou par courriel. Nous conservons les données pour la durée du contrat.",
    ],
    [
      'es',
      'Tratamos sus datos personales cuando usted utiliza nuestros servicios. Usted tiene derecho a acceder a los datos que tenemos sobre usted y a solicitar su supresión. Los datos no se venden a terceros. Para cualquier consulta sobre el tratamiento, puede dirigirse a nuestro delegado de protección de datos por correo o por teléfono. Conservamos los datos durante la vigencia del contrato.',
    ],
    [
      'ja',
      '当社は、お客様がサービスを利用する際に個人情報を取得します。取得した個人情報は、サービスの提供及び改善のために利用します。お客様は、当社が保有する個人情報の開示、訂正及び削除を請求することができます。当社は、法令に基づく場合を除き、本人の同意なく個人情報を第三者に提供しません。ご質問は、お問い合わせ窓口までご連絡ください。',
    ],
    [
      'en',
      'We process your personal data when you use our services. You have the right to access the data we hold about you and to ask us to delete it. We do not sell your data to third parties. If you have questions about the processing, please contact our data protection officer by email. We keep the data for the duration of the contract and delete it afterwards.',
    ],
  ])('when a policy is written in %s, then the detector names it and cites a sentence of it', (expected, text) => {
    const found = detectLanguage(text);
    expect(found?.language).toBe(expected);
    expect(text.slice(found!.citation.start, found!.citation.end)).toBe(found!.citation.quote);
  });

  it('when a text is too short or mixed to tell, then the detector says nothing rather than guess', () => {
    expect(detectLanguage('Privacy Policy. Datenschutz.')).toBeNull();
  });
});

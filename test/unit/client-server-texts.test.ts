import i18next, { type TFunction } from 'i18next';
import { de } from '../../client/src/i18n/de';
import { en } from '../../client/src/i18n/en';
import { es } from '../../client/src/i18n/es';
import { fr } from '../../client/src/i18n/fr';
import { ja } from '../../client/src/i18n/ja';
import { sv } from '../../client/src/i18n/sv';
import { explanationText, type ExplanationFormat } from '../../client/src/consumer/explanation';
import { noticeView, type NoticeMessage } from '../../client/src/consumer/notices';
import { computeDeadline, explanationLine, type ExplanationItem } from '../../server/deadlines';
import { SUPPORTED_JURISDICTIONS, rightsAvailable } from '../../server/deadlines/rules';
import { noticeMessage } from '../../server/requests';
import { ITEM_WORDS, REASON_WORDS } from '../../server/staff/reply-proposals';
import { REASON_LABELS } from '../../server/vendors/responsiveness';

/**
 * What the server sends the consumer pages as codes with parameters (a deadline's explanation, what a company's reply
 * means) is said from the catalogues in every language: no code, item or reason without its words, and the English
 * catalogue says the explanation exactly as the server's English lines.
 */
const CATALOGUES = { en, de, fr, sv, es, ja };
const LANGUAGES = Object.keys(CATALOGUES) as (keyof typeof CATALOGUES)[];

function translator(lng: keyof typeof CATALOGUES): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { [lng]: { translation: CATALOGUES[lng] } },
    lng,
    initAsync: false,
    interpolation: { escapeValue: false },
    // a missing key must show, not fall back to English
    fallbackLng: false,
  });
  return instance.t;
}

/** ISO dates as they are, weekdays as the server's (English, from the calendar date), rights as codes. */
const ISO: ExplanationFormat = {
  date: (iso) => iso,
  dateTime: (iso) => iso,
  weekday: (iso) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }),
  right: (code) => code,
};

/** Text left unsaid: a key shown instead of its words, or a placeholder left empty. */
const unsaid = (text: string) => /\b(explain|notices)\.\w+|{{|}}/.exec(text)?.[0] ?? null;

/** A deadline for every jurisdiction and right, with the lines that only some inputs give. */
function explanationItems(): ExplanationItem[][] {
  const out: ExplanationItem[][] = [];
  for (const jurisdiction of SUPPORTED_JURISDICTIONS)
    for (const right of rightsAvailable(jurisdiction)) {
      const base = { jurisdiction, right, received: '2026-12-24' };
      const variants = [
        base,
        { ...base, received: new Date('2026-12-24T23:30:00Z') },
        {
          ...base,
          vendorPromises: [
            {
              vendor: 'acme',
              days: 10,
              unit: 'business' as const,
              rights: [right],
              jurisdiction: null,
              citation: { quote: 'within 10 business days' },
            },
            {
              vendor: 'acme',
              days: 1,
              unit: 'month' as const,
              rights: ['x'],
              jurisdiction: 'US',
              citation: { quote: 'q' },
            },
          ],
        },
        { ...base, pauses: [{ from: '2026-12-24', to: '2026-12-30' }], pausedSince: '2026-12-31' },
        { ...base, extension: { noticeDate: '2026-12-28' } },
      ];
      for (const v of variants) {
        try {
          out.push(computeDeadline(v as Parameters<typeof computeDeadline>[0]).explanation_items);
        } catch {
          // no pause or extension for this rule: the other variants cover its lines
        }
      }
    }
  return out;
}

describe('the server texts the consumer pages say from codes', () => {
  const deadlines = explanationItems();

  test('when a deadline is explained from its codes with the English catalogue, then every line reads as the server’s English line', () => {
    const t = translator('en');
    const codes = new Set<string>();
    const differ: string[] = [];
    for (const items of deadlines)
      for (const item of items) {
        codes.add(item.code);
        const said = explanationText(item, t, ISO);
        if (said !== explanationLine(item)) differ.push(`${said}\n  server: ${explanationLine(item)}`);
      }
    const notReceived: ExplanationItem = { code: 'not_received', params: { received: '2026-12-24' } };
    expect(explanationText(notReceived, t, ISO)).toBe(explanationLine(notReceived));
    expect(differ.slice(0, 5)).toEqual([]);
    // the inputs reach the lines that only some deadlines have
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(['moved', 'promise', 'promise_not_applied', 'paused', 'paused_since', 'ack']),
    );
  });

  test.each(LANGUAGES)(
    'when every deadline line is said in %s, then none shows a key or an empty placeholder',
    (lng) => {
      const t = translator(lng);
      const problems = new Set<string>();
      for (const items of deadlines)
        for (const item of items) {
          const problem = unsaid(explanationText(item, t, ISO));
          if (problem) problems.add(`${item.code}: ${problem}`);
        }
      expect([...problems]).toEqual([]);
    },
  );

  /** Every notice the server can send: each action, every item and reason code it knows, each way to appeal. */
  const messages: NoticeMessage[] = [
    noticeMessage(
      'needs_information',
      { requested_items: Object.keys(ITEM_WORDS), pauses_clock: true },
      'Acme',
      (c) => c,
    )!,
    noticeMessage('needs_information', { requested_items: [], pauses_clock: false }, 'Acme', (c) => c)!,
    noticeMessage('extension', { new_date: '2027-02-01', reason: 'Many requests' }, 'Acme', (c) => c)!,
    noticeMessage('extension', {}, 'Acme', (c) => c)!,
    noticeMessage('fulfilled', { url: 'https://acme.example/export' }, 'Acme', (c) => c)!,
    noticeMessage('partially_fulfilled', {}, 'Acme', (c) => c)!,
    ...Object.keys(REASON_WORDS).map((code) =>
      noticeMessage(
        'denied',
        {
          reason_code: code,
          reason: REASON_WORDS[code],
          appeal: { kind: 'appeal', citation: 'Va. Code § 59.1-579(C)', answer_days: 60 },
        },
        'Acme',
        (c) => REASON_WORDS[c]!,
      )!,
    ),
    noticeMessage(
      'denied',
      {
        reason: 'We keep no data.',
        appeal: { kind: 'complaint', regulator: { name: 'ICO', url: 'https://ico.org.uk/' } },
      },
      'Acme',
      (c) => c,
    )!,
    noticeMessage('denied', { reason: 'no reason stated', appeal: null }, 'Acme', (c) => c)!,
    noticeMessage(
      'channel_review',
      { proposed: { type: 'webform', value: 'https://acme.example/privacy' } },
      'Acme',
      (c) => c,
    )!,
    noticeMessage('channel_review', { proposed: null }, 'Acme', (c) => c)!,
  ];

  test('the server writes a reason that is only a code’s wording as the code, and the company’s own words as text', () => {
    const byCode = messages.find((m) => m.code === 'denied' && m.params.reason_code === 'no_data_found');
    expect(byCode?.params).toMatchObject({ reason_code: 'no_data_found', reason_text: null });
    const own = messages.find((m) => m.code === 'denied' && m.params.reason_text);
    expect(own?.params).toMatchObject({ reason_code: null, reason_text: 'We keep no data.' });
    expect(noticeMessage('channel_flag', {}, 'Acme', (c) => c)).toBeNull();
  });

  test.each(LANGUAGES)(
    'when every notice is said in %s, then each item and reason has its words and none shows a key or an empty placeholder',
    (lng) => {
      const t = translator(lng);
      const problems: string[] = [];
      const list = (items: string[]) => items.join(', ');
      for (const m of messages) {
        const view = noticeView(m, t, (iso) => iso, list);
        for (const text of [view.headline, ...view.paragraphs, view.action?.label ?? '']) {
          const problem = unsaid(text);
          if (problem) problems.push(`${m.code}: ${problem}`);
        }
      }
      expect(problems).toEqual([]);
      // every item and reason the server knows has words of its own (not the code made readable)
      const missing = [
        ...Object.keys(ITEM_WORDS).map((c) => `notices.item_${c}`),
        ...Object.keys(REASON_WORDS).map((c) => `notices.reason_${c}`),
        ...Object.keys(REASON_LABELS).map((c) => `company.reason_${c.replace(/ /g, '_')}`),
      ].filter((key) => !t(key, { defaultValue: '' }));
      expect(missing).toEqual([]);
    },
  );

  test('when a notice is said in German, then it is German with the company’s name, the date and the law’s citation', () => {
    const t = translator('de');
    const denied = messages.find((m) => m.code === 'denied' && m.params.reason_code === 'no_data_found')!;
    expect(
      noticeView(
        denied,
        t,
        (iso) => iso,
        (x) => x.join(', '),
      ),
    ).toEqual({
      headline: 'Acme hat Ihren Antrag abgelehnt',
      paragraphs: [
        'Angegebener Grund: Es hat keine personenbezogenen Daten über Sie gefunden.',
        expect.stringMatching(/^Ihre nächsten Schritte: .*\(Va\. Code § 59\.1-579\(C\)\).* innerhalb von 60 Tagen/),
      ],
    });
    const extension = messages.find((m) => m.code === 'extension' && m.params.new_date)!;
    expect(
      noticeView(
        extension,
        t,
        (iso) => `[${iso}]`,
        (x) => x.join(),
      ).headline,
    ).toBe('Acme hat seine Frist bis zum [2027-02-01] verlängert');
  });
});

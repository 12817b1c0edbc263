/** The rules table checked row by row against shared/reference/statutes.md. */
import { calendarFor, timezoneFor } from '../../server/deadlines/calendar';
import {
  EU_EEA,
  RIGHT_CODES,
  RULES,
  RULES_VERSION,
  SUPPORTED_JURISDICTIONS,
  regimeFor,
  rightsAvailable,
  ruleFor,
} from '../../server/deadlines/rules';

describe('rules table', () => {
  it('when loaded, then it is versioned and every row has citation text and a confidence', () => {
    expect(RULES_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/);
    for (const row of RULES) {
      expect(row.citation.length).toBeGreaterThan(5);
      expect(['confirmed', 'medium']).toContain(row.confidence);
      for (const r of row.rights) expect(RIGHT_CODES).toContain(r);
    }
  });

  it('when any jurisdiction × right is looked up, then exactly one row governs it', () => {
    for (const j of SUPPORTED_JURISDICTIONS) {
      for (const right of rightsAvailable(j)) {
        expect(RULES.filter((r) => r.jurisdictions.includes(j) && r.rights.includes(right))).toHaveLength(1);
      }
    }
  });

  it.each([
    // jurisdiction, right, regime, amount, unit, extension total from receipt, ack, pause, confidence
    ['US-CA', 'know', 'CCPA', 45, 'calendar_days', 90, 10, 'none', 'confirmed'],
    ['US-CA', 'opt_out_sale', 'CCPA', 15, 'business_days', null, null, 'none', 'confirmed'],
    ['US-CA', 'limit_sensitive', 'CCPA', 15, 'business_days', null, null, 'none', 'confirmed'],
    ['US-CA', 'shine_the_light', 'CA_SHINE_THE_LIGHT', 30, 'calendar_days', null, null, 'none', 'confirmed'],
    ['US-NV', 'nevada_opt_out', 'NV_603A', 60, 'calendar_days', 90, null, 'none', 'confirmed'],
    ['SE', 'access', 'GDPR', 1, 'months', 3, null, 'medium', 'confirmed'],
    ['IS', 'objection', 'GDPR', 1, 'months', 3, null, 'medium', 'confirmed'],
    ['GB', 'access', 'UK_GDPR', 1, 'months', 3, null, 'allowed', 'confirmed'],
    ['US-VA', 'access', 'VA_CDPA', 45, 'calendar_days', 90, null, 'none', 'confirmed'],
    ['US-VA', 'appeal', 'VA_CDPA', 60, 'calendar_days', null, null, 'none', 'confirmed'],
    ['US-CO', 'appeal', 'CO_CPA', 45, 'calendar_days', 105, null, 'none', 'medium'],
    ['US-CT', 'appeal', 'CT_DPA', 60, 'calendar_days', null, null, 'none', 'confirmed'],
    ['US-UT', 'deletion', 'UT_UCPA', 45, 'calendar_days', 90, null, 'none', 'confirmed'],
    ['US-TX', 'appeal', 'TX_DPSA', 60, 'calendar_days', null, null, 'none', 'medium'],
    ['US-OR', 'access', 'OR_OCPA', 45, 'calendar_days', 90, null, 'allowed', 'confirmed'],
    ['US-OR', 'appeal', 'OR_OCPA', 45, 'calendar_days', null, null, 'none', 'confirmed'],
    ['US-IA', 'access', 'IA_ICDPA', 90, 'calendar_days', 135, null, 'none', 'confirmed'],
    ['US-IA', 'appeal', 'IA_ICDPA', 60, 'calendar_days', null, null, 'none', 'medium'],
    ['US-KY', 'access', 'US_STATE_OTHER', 45, 'calendar_days', 90, null, 'none', 'medium'],
    ['CA-ON', 'access', 'PIPEDA', 30, 'calendar_days', 60, null, 'none', 'confirmed'],
    ['CA-QC', 'access', 'QC_LAW25', 30, 'calendar_days', null, null, 'none', 'medium'],
    ['BR', 'access', 'LGPD', 15, 'calendar_days', null, null, 'none', 'confirmed'],
    ['JP', 'access', 'APPI', 14, 'calendar_days', null, null, 'none', 'confirmed'],
  ] as const)(
    'when %s %s is looked up, then %s gives %i %s (extension %p, ack %p, pause %s, %s)',
    (j, right, regime, amount, unit, ext, ack, pause, confidence) => {
      const row = ruleFor(j, right);
      expect(row).toMatchObject({ regime, response: { amount, unit }, pause, confidence });
      expect(row?.extension?.totalFromReceipt.amount ?? null).toBe(ext);
      expect(row?.ack?.amount ?? null).toBe(ack);
    },
  );

  it('when APPI is looked up, then its date is a follow-up point, not a deadline', () => {
    expect(ruleFor('JP', 'correction')?.kind).toBe('follow_up');
    expect(RULES.filter((r) => r.kind === 'follow_up').map((r) => r.regime)).toEqual(['APPI']);
  });
});

describe('jurisdictions and rights', () => {
  it('when the EU/EEA list is checked, then it has the 27 members plus IS, LI, NO, all GDPR', () => {
    expect(EU_EEA).toHaveLength(30);
    for (const j of EU_EEA) expect(regimeFor(j)).toBe('GDPR');
  });

  it.each([
    ['GB', 'UK_GDPR'],
    ['US-CA', 'CCPA'],
    ['US-NV', 'NV_603A'],
    ['US-TN', 'US_STATE_OTHER'],
    ['CA-BC', 'PIPEDA'],
    ['CA-QC', 'QC_LAW25'],
    ['BR', 'LGPD'],
    ['JP', 'APPI'],
    ['XX', undefined],
    ['US', undefined],
    ['CA', undefined],
  ])('when the regime of %s is asked, then it is %p', (j, regime) => {
    expect(regimeFor(j)).toBe(regime);
  });

  it.each([
    ['US-NV', ['opt_out_sale', 'nevada_opt_out']],
    ['SE', ['access', 'deletion', 'correction', 'portability', 'objection', 'restriction']],
    [
      'US-CA',
      [
        'access',
        'know',
        'deletion',
        'correction',
        'portability',
        'opt_out_sale',
        'opt_out_sharing',
        'limit_sensitive',
        'shine_the_light',
      ],
    ],
    ['US-UT', ['access', 'deletion', 'portability', 'opt_out_sale', 'opt_out_targeted_ads']],
    ['BR', ['access']],
    ['XX', []],
  ])('when the rights of %s are asked, then they are %p', (j, rights) => {
    expect(rightsAvailable(j)).toEqual(rights);
  });

  it('when rights are compared across jurisdictions, then shine_the_light is US-CA only and GDPR has objection, not sale opt-out', () => {
    expect(SUPPORTED_JURISDICTIONS.filter((j) => rightsAvailable(j).includes('shine_the_light'))).toEqual(['US-CA']);
    expect(rightsAvailable('DE')).toContain('objection');
    expect(rightsAvailable('DE')).not.toContain('opt_out_sale');
  });

  it('when appeal is asked, then it exists in VA, CO, CT, OR, TX, IA and not in UT or CA', () => {
    const withAppeal = SUPPORTED_JURISDICTIONS.filter((j) => rightsAvailable(j).includes('appeal'));
    expect(withAppeal).toEqual(['US-CO', 'US-CT', 'US-IA', 'US-OR', 'US-TX', 'US-VA']);
  });

  it('when every supported jurisdiction is checked, then it has a timezone and a holiday calendar', () => {
    for (const j of SUPPORTED_JURISDICTIONS) {
      expect(timezoneFor(j)).toMatch(/^(?:[A-Z][A-Za-z_]+\/[A-Za-z_/]+|UTC)$/);
      const cal = calendarFor(j);
      expect(cal.isHoliday('2025-01-01')).toBe(true);
      expect(cal.rule.length).toBeGreaterThan(20);
    }
  });
});

import {
  agentPermitted,
  letterCombinations,
  letterTemplateFor,
  LETTER_TEMPLATES,
  REGIMES,
  UnsupportedLetterError,
  type LetterData,
} from '../../server/mail/letter-data';
import { regulatorsFor } from '../../server/mail/regulators';
import { SAMPLE_DATA, sampleLetterData } from '../../server/mail/sample-data';
import {
  renderLetter,
  renderTemplate,
  TEMPLATE_NAMES,
  TemplateDataError,
  type RenderedTemplate,
} from '../../server/mail/templates';

const ARTEFACTS = [/undefined/, /\bnull\b/, /\[object Object\]/, /\{\{/, /\}\}/, /NaN/, /Invalid DateTime/];

function expectNoArtefacts(out: RenderedTemplate): void {
  for (const part of [out.subject, out.text, out.html]) {
    for (const re of ARTEFACTS) expect(part).not.toMatch(re);
  }
  expect(out.subject.length).toBeGreaterThan(5);
  expect(out.subject).not.toMatch(/\n/);
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

const formatDate = (iso: string) =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

function expectDataError(fn: () => unknown, field: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateDataError);
    expect((e as TemplateDataError).field).toBe(field);
    expect((e as Error).message).toContain(field);
    return;
  }
  throw new Error(`expected TemplateDataError for ${field}`);
}

describe('every template with its sample data', () => {
  it.each(TEMPLATE_NAMES)('when %s is rendered, then subject, text and html are complete', (name) => {
    const out = renderTemplate(name, SAMPLE_DATA[name] as never);
    expectNoArtefacts(out);
    expect(out.text.trim().length).toBeGreaterThan(50);
    expect(out.html.startsWith('<!DOCTYPE html>')).toBe(true);
  });
});

const combos = letterCombinations();

describe('every letter for every right × regime', () => {
  // With an agent only where the regime recognises one (shared/reference/statutes.md).
  const cases = combos.flatMap((c) =>
    [false, true].filter((agent) => !agent || agentPermitted(c.regime, c.template)).map((agent) => ({ ...c, agent })),
  );

  it.each(cases)(
    'when $right under $regime is rendered (agent: $agent), then it is complete',
    ({ right, regime, agent }) => {
      const data = sampleLetterData(right, regime, { agent });
      const out = renderLetter(data);
      expectNoArtefacts(out);
      expect(out.template).toBe(letterTemplateFor(right, regime));
      expect(out.subject).toContain(data.reference);
      const due = formatDate(data.deadline.due!);
      for (const body of [out.text, out.html]) {
        expect(body).toContain(data.reference);
        expect(body).toContain(data.requester.name);
        // "The law requires" only where the law sets the date; APPI says "without delay" and 14 days is our follow-up point
        if (regime === 'APPI') {
          expect(body).toContain('The law requires you to respond without delay');
          expect(body).toContain(`If we have not received your response by ${due} (`);
          expect(body).not.toMatch(/must respond by|requires your response by/);
        } else expect(body).toContain(`The law requires your response by ${due}`);
        expect(body).toContain('Please reply');
        expect(body).toContain('EA-778812'); // vendor-required account_id
        expect(body).toContain('94110'); // vendor-required zip_code
      }
      expect(out.text).toContain(data.deadline.citation);
      expect(out.html).toContain(escapeHtml(data.deadline.citation));
      expect(out.text.includes('Authorized agent')).toBe(agent);
      expect(out.text.includes('signed authorization')).toBe(agent);
      if (data.vendor.required_subject_line) {
        expect(out.subject).toContain(data.vendor.required_subject_line);
        expect(out.text).toContain(`Re: ${data.vendor.required_subject_line}`);
      }
    },
  );

  it('when the combinations are listed, then every regime and every letter template is exercised', () => {
    expect(new Set(combos.map((c) => c.regime))).toEqual(new Set(REGIMES.filter((r) => r !== 'US_STATE_OTHER')));
    expect(cases.filter((c) => c.agent).length).toBeGreaterThan(20);
    expect(new Set(combos.map((c) => c.template))).toEqual(new Set(LETTER_TEMPLATES));
  });
});

describe('letter details', () => {
  it('when the vendor has a required subject line, then subject and body carry it with the reference', () => {
    const data = sampleLetterData('access', 'CCPA', { requiredSubjectLine: 'CCPA Request – Example Audio' });
    const out = renderLetter(data);
    expect(out.subject).toBe('CCPA Request – Example Audio – Request to access personal information [DR-2026-000123]');
    expect(out.text).toContain('Re: CCPA Request – Example Audio');
    expect(out.html).toContain('CCPA Request – Example Audio');
  });

  it('when Nevada opt-out is rendered, then the registry subject line leads the subject', () => {
    const out = renderLetter(sampleLetterData('opt_out_sale', 'NV_603A'));
    expect(out.subject.startsWith('Your Nevada Rights – Headphones Connect')).toBe(true);
    expect(out.text).toContain('NRS 603A.345');
  });

  it('when the requester name contains markup, then html escapes it and text keeps it verbatim', () => {
    const name = '<script>alert("x")</script>';
    const out = renderLetter(sampleLetterData('access', 'GDPR', { requesterName: name }));
    expect(out.html).not.toContain('<script>');
    expect(out.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(out.text).toContain(name);
  });

  it('when the vendor is reachable only by post, then the reply instruction names an email address', () => {
    const out = renderLetter(sampleLetterData('access', 'PIPEDA', { postalOnly: true }));
    expect(out.text).toContain('send it by email to jane.doe@example.com');
    expect(out.text).not.toContain('By email:');
  });

  it('when the deadline was extended, then both dates appear', () => {
    const base = sampleLetterData('deletion', 'CCPA');
    const data = {
      ...base,
      deadline: {
        ...base.deadline,
        due: '2025-04-15',
        extended_due: '2025-05-30',
        basis_text: '90 calendar days in total',
        citation: 'Cal. Civ. Code § 1798.130(a)(2)(A)',
      },
    };
    const out = renderLetter(data);
    expect(out.text).toContain('The law requires your response by 30 May 2025');
    expect(out.text).toContain('15 April 2025');
  });

  it('when a correction is rendered, then each correction is listed', () => {
    const out = renderTemplate('correction', SAMPLE_DATA.correction);
    expect(out.text).toContain('- Date of birth: currently "1 January 1980"; should read "10 January 1980".');
  });
});

describe('missing or invalid data', () => {
  const base = (): LetterData => sampleLetterData('access', 'CCPA');

  it('when the requester name is missing, then TemplateDataError names requester.name', () => {
    const data = base();
    delete (data.requester as Partial<LetterData['requester']>).name;
    expectDataError(() => renderLetter(data), 'requester.name');
  });

  it('when a field is blank, then it is rejected like a missing one', () => {
    const data = base();
    data.requester.name = '   ';
    expectDataError(() => renderLetter(data), 'requester.name');
  });

  it('when the vendor requires a field the requester has not given, then the error names it', () => {
    const data = base();
    data.vendor.required_fields = ['name', 'date_of_birth'];
    expectDataError(() => renderLetter(data), 'requester.identifiers.date_of_birth');
  });

  it('when the vendor requires a ZIP code and no address is given, then the error names requester.address', () => {
    const data = base();
    delete data.requester.address;
    expectDataError(() => renderLetter(data), 'requester.address');
  });

  it('when the vendor has neither email nor postal address, then the error names vendor.email', () => {
    const data = sampleLetterData('access', 'CCPA', { postalOnly: true });
    delete data.vendor.postal_address;
    expectDataError(() => renderLetter(data), 'vendor.email');
  });

  it('when a correction letter has no corrections, then the error names corrections', () => {
    const data = { ...SAMPLE_DATA.correction, corrections: [] };
    expectDataError(() => renderTemplate('correction', data), 'corrections');
  });

  it('when data for one letter is sent to another, then the error names right', () => {
    expectDataError(() => renderTemplate('access', sampleLetterData('opt_out_sale', 'NV_603A')), 'right');
  });

  it('when an agent files where the law recognises none, then the error names agent', () => {
    expectDataError(() => renderLetter(sampleLetterData('access', 'VA_CDPA', { agent: true })), 'agent');
    expect(() => renderLetter(sampleLetterData('opt_out_sale', 'CO_CPA', { agent: true }))).not.toThrow();
  });

  it('when a notification misses a field, then the error names it', () => {
    const { verify_url: _omit, ...rest } = SAMPLE_DATA.consumer_verify;
    expectDataError(() => renderTemplate('consumer_verify', rest as never), 'verify_url');
  });

  it('when a link is not http(s), then it is refused', () => {
    const data = { ...SAMPLE_DATA.staff_password_set, set_url: 'javascript:alert(1)' };
    expectDataError(() => renderTemplate('staff_password_set', data), 'set_url');
  });

  it('when data is incomplete, then the compiler rejects it', () => {
    // Never called: this exists for `tsc --noEmit`.
    const typeOnly = () => {
      // @ts-expect-error verify_url and expires_at are required
      renderTemplate('consumer_verify', { consumer_name: 'Jane' });
      // @ts-expect-error corrections are required for the correction letter
      renderTemplate('correction', sampleLetterData('access', 'CCPA'));
    };
    expect(typeof typeOnly).toBe('function');
  });
});

describe('letterTemplateFor', () => {
  it('when opt_out_sale is asked in Nevada, then the Nevada letter is used', () => {
    expect(letterTemplateFor('opt_out_sale', 'NV_603A')).toBe('nevada_opt_out');
  });

  it('when an objection is made under the GDPR, then the objection letter is used', () => {
    expect(letterTemplateFor('objection', 'GDPR')).toBe('objection');
    expect(letterTemplateFor('opt_out_targeted_ads', 'UK_GDPR')).toBe('objection');
  });

  it('when the regime has no such right, then UnsupportedLetterError is thrown', () => {
    expect(() => letterTemplateFor('appeal', 'GDPR')).toThrow(UnsupportedLetterError);
    expect(() => letterTemplateFor('correction', 'UT_UCPA')).toThrow(UnsupportedLetterError);
    expect(() => letterTemplateFor('limit_sensitive', 'CCPA')).toThrow(UnsupportedLetterError);
    expect(() => letterTemplateFor('access', 'US_STATE_OTHER')).toThrow(UnsupportedLetterError);
    expect(() => letterTemplateFor('shine_the_light', 'CCPA')).toThrow(UnsupportedLetterError);
  });
});

describe('regulators', () => {
  it('when looking up California, then both the CPPA and the Attorney General are offered', () => {
    expect(regulatorsFor('US-CA').map((r) => r.code)).toEqual(['us_ca_cppa', 'us_ca_ag']);
  });

  it('when an EU state has a supervisory authority in the dataset, then it is offered; the generic EU DPA stays for "EU"', () => {
    expect(regulatorsFor('DE').map((r) => r.code)).toEqual(['dpa_debfdi']);
    expect(regulatorsFor('SE').map((r) => r.code)).toEqual(['dpa_sedi']);
    expect(regulatorsFor('EU').map((r) => r.code)).toEqual(['eu_dpa']);
  });
});

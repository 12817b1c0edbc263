import path from 'node:path';
import { regulatorsFor } from '../../server/mail/regulators';
import {
  caRegistryRecords,
  datenanfragenRecords,
  deobfuscateEmails,
  loadCaRegistry,
  mapHeader,
  normalizeCompanyName,
  registrableDomain,
  scorePair,
  matchKeys,
  bestMatch,
} from '../../server/vendors/datasets';
import type { DatasetRecord, SkippedRecord } from '../../server/vendors/datasets';

const INFO = { id: 'test-ds', name: 'Test dataset', version: 'v1', date: '2026-01-01' };

/** Every fact's citation is exactly the text it cites. */
function expectCitationsHold(record: DatasetRecord) {
  for (const f of record.facts)
    expect(record.text.slice(f.fact.citation.start, f.fact.citation.end)).toBe(f.fact.citation.quote);
}
const valuesOf = (r: DatasetRecord, family: string) =>
  r.facts
    .filter((f) => f.family === family)
    .map((f) =>
      'value' in f.fact ? f.fact.value : 'name' in f.fact ? f.fact.name : 'url' in f.fact ? f.fact.url : f.fact,
    );

const CA_2021 = [
  '"Data Broker Name","Email Address","Website URL","Physical Address","How a consumer may opt out of sale or submit requests under the CCPA","How a protected individual can demand deletion of information posted online under Gov. Code sections 6208.1(b) or 6254.21(c)(1)","Additional information about data collecting practices","Date Added"',
  '"Allant Group, LLC","privacy [at] allantgroup.com","http://www.allantgroup.com/","2655 Warrenville Rd, Suite 200, Downers Grover, IL 60515, United States","Notify Allant Group, LLC using instructions in Privacy Policy at www.allantgroup.com, emailing privacy@allantgroup.com, or by calling (800) 367-7311.","Same as above.","N/A.","01/29/2020"',
  '"Blue Hill Marketing Solutions, inc","emailprivacy (at) liftbasedata (dot) com","http://www.liftengine.com","1 Blue Hill Plaza, PO Box 1674, Pearl River, NY 10965, United States","Complete a form at https://www.liftbasedata.com/request-to-know/ and we will answer within 45 days.","","","01/22/2020"',
  '"","nobody [at] example.com","","","","","",""',
].join('\n');

describe('California data broker registry', () => {
  test('when emails are obfuscated with [at], (at), [dot] or spaces, then they are read as addresses', () => {
    expect(deobfuscateEmails('privacy [at] example.com')).toEqual(['privacy@example.com']);
    expect(deobfuscateEmails('Privacy (at) Example (dot) COM')).toEqual(['Privacy@example.com']);
    expect(deobfuscateEmails('privacy [at] sub [dot] example [dot] co [dot] uk')).toEqual([
      'privacy@sub.example.co.uk',
    ]);
    expect(deobfuscateEmails('a [at] x.com; b [at] y.org')).toEqual(['a@x.com', 'b@y.org']);
    expect(deobfuscateEmails('name @ domain.com')).toEqual(['name@domain.com']);
    expect(deobfuscateEmails('see our website')).toEqual([]);
  });

  test('when the 2021 export is read, then each broker is a registered data broker with its de-obfuscated email citing the obfuscated text', () => {
    const skipped: SkippedRecord[] = [];
    const { records, unknownColumns, columns } = caRegistryRecords(CA_2021, INFO, skipped);
    expect(columns).toBe(8);
    expect(unknownColumns).toEqual([]);
    expect(records).toHaveLength(2);
    expect(skipped).toEqual([{ dataset: 'test-ds', record: 'row 4', reason: 'no broker name' }]);
    const [allant, blueHill] = records as [DatasetRecord, DatasetRecord];
    expect(allant.registeredDataBroker).toBe(true);
    const email = allant.facts.find((f) => f.family === 'channel' && f.fact.type === 'email')!;
    expect(email.fact).toMatchObject({
      value: 'privacy@allantgroup.com',
      citation: { quote: 'privacy [at] allantgroup.com' },
    });
    expect(valuesOf(blueHill, 'channel')).toContain('emailprivacy@liftbasedata.com');
    records.forEach(expectCitationsHold);
  });

  test('when the opt-out column is free text, then its emails, phones, web forms and deadlines become cited facts', () => {
    const { records } = caRegistryRecords(CA_2021, INFO, []);
    const [allant, blueHill] = records as [DatasetRecord, DatasetRecord];
    expect(valuesOf(allant, 'channel')).toEqual(expect.arrayContaining(['(800) 367-7311']));
    const form = blueHill.facts.find((f) => f.family === 'channel' && f.fact.type === 'webform');
    expect(form?.fact).toMatchObject({ value: 'https://www.liftbasedata.com/request-to-know/' });
    const deadline = blueHill.facts.find((f) => f.family === 'deadline');
    expect(deadline?.fact).toMatchObject({ days: 45 });
    expect(deadline!.fact.citation.quote).toContain('within 45 days');
  });

  test('when the current 77-column export is read, then known headers are mapped by name, the metrics are stored and unknown columns are reported', () => {
    const loaded = loadCaRegistry(
      path.resolve(__dirname, '../fixtures/datasets/ca-registry-2026-77col.csv'),
      INFO,
      'fixture.csv',
    );
    expect(loaded.columns).toBe(77);
    expect(loaded.records).toHaveLength(2);
    expect(loaded.unknownColumns).toEqual(
      expect.arrayContaining(['Registration Year', 'Data broker certification signature', 'Parent company']),
    );
    expect(loaded.unknownColumns).not.toContain('Data Broker Primary Contact Email Address');
    expect(loaded.unknownColumns.some((h) => /^(Number|Median|Mean) .*requests to (delete|know)/.test(h))).toBe(false);
    const northwind = loaded.records[0]!;
    expect(northwind.name).toBe('Northwind Data Solutions, LLC');
    expect(valuesOf(northwind, 'channel')).toEqual(
      expect.arrayContaining([
        'privacy@northwind-data.test',
        'optout@northwind-data.test',
        '(800) 555-0199',
        'https://www.northwind-data.test/privacy-request',
      ]),
    );
    expect(valuesOf(northwind, 'product')).toEqual(['Northwind People Search']);
    expect(northwind.metrics).toMatchObject({
      delete: { received: 1204, complied: 1100, denied: 104, median_days: 12, mean_days: 14.5 },
      correct: { median_days: 30 },
    });
    // an unknown column's value is kept in the record's text
    expect(northwind.text).toContain('Data broker certification signature: Jane Roe');
    loaded.records.forEach(expectCitationsHold);
  });

  test('when headers are spelled differently, then they still map by meaning, and a new one is unknown', () => {
    expect(mapHeader('  DATA BROKER NAME ')).toEqual({ field: 'name' });
    expect(mapHeader('Median number of days to respond to requests to delete')).toEqual({
      metric: { type: 'delete', measure: 'median_days' },
    });
    expect(mapHeader('Number of requests to know received')).toEqual({ metric: { type: 'know', measure: 'received' } });
    expect(mapHeader('Favourite colour')).toEqual({ unknown: true });
  });
});

describe('Datenanfragen company database', () => {
  const company = (over: Record<string, unknown>) =>
    JSON.stringify({
      slug: 'x',
      'relevant-countries': ['de'],
      name: 'X GmbH',
      address: 'A 1\n10115 Berlin\nDeutschland',
      email: 'privacy@x.test',
      sources: [],
      quality: 'verified',
      ...over,
    });
  const companies = [
    JSON.stringify({
      slug: 'acme-gb',
      'relevant-countries': ['gb'],
      name: 'Acme Widgets Ltd.',
      runs: ['WidgetWorld', 'Acme Old Name Ltd. (formerly)'],
      address: '1 High Street\nLondon\nE1 1AA\nUnited Kingdom',
      phone: '+44 20 7946 0000',
      email: 'privacy@acme-widgets.test',
      web: 'https://www.acme-widgets.test/',
      sources: ['https://www.acme-widgets.test/privacy'],
      'needs-id-document': true,
      'request-language': 'en',
      comments: ['Requests by post are answered faster.'],
      quality: 'tested',
    }),
    'not json',
    JSON.stringify({ slug: 'Bad Slug', name: 'x' }),
  ].join('\n');
  const obsolete = [
    JSON.stringify({
      slug: 'widgetworld-old',
      name: 'WidgetWorld Holdings',
      reason: 'company-merged',
      'redirect-to': 'acme-gb',
      quality: 'obsolete',
    }),
    JSON.stringify({ slug: 'gone', name: 'Gone Inc.', reason: 'company-dissolved', quality: 'obsolete' }),
  ].join('\n');

  test('when a record is read, then contacts, brands, former names, website and the ID requirement are cited facts, and bad lines are reported', () => {
    const skipped: SkippedRecord[] = [];
    const records = datenanfragenRecords({ companies, obsolete }, INFO, skipped);
    expect(records.map((r) => r.recordKey)).toEqual(['acme-gb', 'widgetworld-old']);
    const acme = records[0]!;
    expect(acme).toMatchObject({
      quality: 'tested',
      countries: ['GB'],
      requestLanguage: 'en',
      sourceUrls: ['https://www.acme-widgets.test/privacy'],
    });
    expect(valuesOf(acme, 'product')).toEqual(['WidgetWorld']);
    expect(valuesOf(acme, 'former_name')).toEqual(['Acme Old Name Ltd.']);
    expect(valuesOf(acme, 'website')).toEqual(['https://www.acme-widgets.test/']);
    expect(acme.facts.find((f) => f.family === 'channel' && f.fact.type === 'email')!.fact).toMatchObject({
      jurisdictions: ['GB'],
      purpose: 'privacy_requests',
    });
    expect(acme.facts.some((f) => f.family === 'requirement' && f.fact.kind === 'verification')).toBe(true);
    expect(valuesOf(records[1]!, 'former_name')).toEqual(['WidgetWorld Holdings']);
    expect(records[1]!.attachTo).toBe('acme-gb');
    const letterFirst = datenanfragenRecords(
      { companies: company({ slug: 'post-first', 'suggested-transport-medium': 'letter' }) },
      INFO,
      [],
    )[0]!;
    expect(letterFirst.facts.find((f) => f.family === 'warning' && f.fact.kind === 'routing')?.fact).toMatchObject({
      message: 'Test dataset suggests contacting this company by letter rather than by email.',
      citation: { quote: 'letter' },
    });
    records.forEach(expectCitationsHold);
    expect(skipped.map((s) => s.reason)).toEqual([
      'not valid JSON',
      'missing or malformed slug',
      'obsolete (company-dissolved), no replacement record',
    ]);
  });
});

describe('matching records to vendors', () => {
  test('when names differ only by legal form, case, accents or punctuation, then they normalise to the same name', () => {
    for (const [a, b] of [
      ['Spotify AB', 'Spotify'],
      ['Acme, Inc.', 'ACME Inc'],
      ['Foo Holding GmbH & Co. KG', 'Foo'],
      ['Škoda Auto a.s.', 'Skoda Auto'],
      ['Sony Interactive Entertainment Europe Ltd', 'Sony Interactive Entertainment Europe Limited'],
      ['Rakuten K.K.', 'Rakuten'],
      ['Bolt Technology OÜ', 'Bolt Technology'],
      ['Alza.cz a.s.', 'ALZA.CZ'],
      ['Example s.r.o.', 'Example'],
      ['Exemple S.A.', 'Exemple SAS'],
      ['Widgets LLC', 'Widgets L.L.C.'],
    ])
      expect(normalizeCompanyName(a!)).toBe(normalizeCompanyName(b!));
    expect(normalizeCompanyName('Delta Air Lines, Inc.')).not.toBe(normalizeCompanyName('Delta Faucet Company'));
  });

  test('registrable domains come from hosts, URLs and addresses', () => {
    expect(registrableDomain('https://www.mail.spotify.com/x?y')).toBe('spotify.com');
    expect(registrableDomain('privacy@news.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('not a domain')).toBeNull();
  });

  const vendor = (slug: string, input: Parameters<typeof matchKeys>[0]) => ({ slug, keys: matchKeys(input) });

  test('when a record shares the web domain, then it matches even under another name', () => {
    const record = matchKeys({
      name: 'Oracle America, Inc. (Oracle Data Cloud)',
      websites: ['https://www.oracle.com/legal/privacy/'],
    });
    expect(
      bestMatch(record, [vendor('oracle', { name: 'Oracle Corporation', websites: ['https://oracle.com'] })]),
    ).toMatchObject({ kind: 'match', reasons: ['web domain'] });
  });

  test('when a record names a brand of the vendor, then it matches', () => {
    const record = matchKeys({ name: 'ScorecardResearch', emails: ['privacy@scorecardresearch.com'] });
    expect(
      bestMatch(record, [vendor('comscore', { name: 'comScore, Inc.', brands: ['ScorecardResearch'] })]),
    ).toMatchObject({ kind: 'match', reasons: ['brand'] });
  });

  test('when two companies have similar or equal names but different websites, then they are not merged', () => {
    const airline = vendor('delta-air', { name: 'Delta Air Lines, Inc.', websites: ['https://www.delta.com'] });
    const faucet = matchKeys({ name: 'Delta Faucet Company', websites: ['https://www.deltafaucet.com'] });
    expect(bestMatch(faucet, [airline])).toEqual({ kind: 'none' });
    const sameName = matchKeys({ name: 'Delta Air Lines Inc', websites: ['https://delta-airlines.example'] });
    expect(scorePair(sameName, airline.keys)).toBeNull();
    // a shared address at a service provider's domain is not the same company
    expect(
      scorePair(
        matchKeys({ name: 'Alpha Ltd', emails: ['alpha@privacyhub.example'] }),
        matchKeys({ name: 'Beta GmbH', emails: ['beta@privacyhub.example'] }),
      ),
    ).toBeNull();
  });

  test('when a record serves other countries than a branch of the same group, then it is not merged into that branch', () => {
    const gb = vendor('acxiom-gb', {
      name: 'Acxiom Ltd.',
      websites: ['https://www.acxiom.co.uk'],
      emails: ['dataprotection@acxiom.com'],
      countries: ['GB'],
    });
    const us = matchKeys({ name: 'Acxiom LLC', emails: ['consumeradvo@acxiom.com'], countries: ['US'] });
    expect(bestMatch(us, [gb])).toEqual({ kind: 'none' });
    const global = vendor('acxiom', { name: 'Acxiom', emails: ['privacy@acxiom.com'], countries: ['all'] });
    expect(bestMatch(us, [gb, global])).toMatchObject({ kind: 'match', candidate: { slug: 'acxiom' } });
  });

  test('when two vendors match equally well, then the record is reported ambiguous rather than merged', () => {
    const record = matchKeys({ name: 'Dun & Bradstreet', websites: ['https://www.dnb.com'] });
    const a = vendor('dnb-at', { name: 'Dun & Bradstreet Austria', websites: ['https://www.dnb.com/at'] });
    const b = vendor('dnb-de', { name: 'Dun & Bradstreet Deutschland', websites: ['https://www.dnb.com/de'] });
    expect(bestMatch(record, [a, b])).toMatchObject({ kind: 'ambiguous' });
  });
});

describe('regulators from the supervisory authorities', () => {
  test('when a country or German Land has an authority in the dataset, then the complaint goes there; US states keep theirs', () => {
    expect(regulatorsFor('SE')[0]).toMatchObject({
      code: 'dpa_sedi',
      regulator: { name: expect.stringContaining('Integritetsskyddsmyndigheten'), email: 'imy@imy.se' },
    });
    expect(regulatorsFor('FR')[0]).toMatchObject({
      code: 'dpa_frcnil',
      regulator: { url: 'https://www.cnil.fr/fr/plaintes' },
    });
    expect(regulatorsFor('DE-BY')[0]).toMatchObject({ code: 'dpa_debaylda' });
    expect(regulatorsFor('DE')[0]).toMatchObject({ code: 'dpa_debfdi' });
    expect(regulatorsFor('GB')[0]!.regulator).toMatchObject({
      enforces: 'the UK GDPR and the Data Protection Act 2018',
      source: expect.stringContaining('record "gbico"'),
    });
    expect(regulatorsFor('US-CA').map((r) => r.code)).toEqual(['us_ca_cppa', 'us_ca_ag']);
    expect(regulatorsFor('JP').map((r) => r.code)).toEqual(['jp_ppc']);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat, normalizePolicy } from '../../server/vendors/extract/normalize';
import { extractPolicy } from '../../server/vendors/extract/index';
import { growthRatio } from '../setup/growth';

const fixture = (f: string) => readFileSync(path.join(__dirname, '..', 'fixtures', 'registry', f), 'utf8');

describe('normalizePolicy', () => {
  it('when given HTML, then scripts, styles and comments are dropped and blocks become lines', () => {
    const { text, format } = normalizePolicy(fixture('small-policy.html'));
    expect(format).toBe('html');
    expect(text).not.toMatch(/evil|hidden|color: red/);
    expect(text).toContain('Privacy Policy');
    expect(text).toContain('Acme Audio, Inc. (“we”)');
    expect(text).toContain('email our privacy team (privacy@acme-audio.test)');
    expect(text).toContain('Acme Audio, Inc.\n100 Main Street, Suite 5\nSpringfield, OR 97477');
    expect(text).toContain('• You have the right to access your personal data.');
  });

  it('when given Markdown, then heading and emphasis marks go and link targets are kept', () => {
    const { text, format } = normalizePolicy(fixture('small-policy.md'), { filename: 'p.md' });
    expect(format).toBe('markdown');
    expect(text).toContain('Privacy Notice\n');
    expect(text).toContain('Beta Devices GmbH ("we", "us")');
    expect(text).toContain('our privacy centre (https://beta.test/privacy-center)');
    expect(text).toContain('write to dpo@beta.test.');
    expect(text).toContain('• You have the right to object to processing.');
  });

  it('when text has CRLF, NBSP, tabs and runs of spaces, then they collapse but lines survive', () => {
    const { text } = normalizePolicy('Contact:\r\n\u00a0\u00a0Acme\tInc.\r\n\r\n\r\n\r\n12   Main St.\r\n');
    expect(text).toBe('Contact:\nAcme Inc.\n\n12 Main St.');
  });

  it('when entities are numeric or named, then they are decoded', () => {
    const { text } = normalizePolicy('<p>&#8220;Caf&eacute;&#x201D; &amp; &lt;b&gt; &unknown;</p>');
    expect(text).toBe('“Café” & <b> &unknown;');
  });

  it('when the hint says text/html, then the content is parsed as HTML', () => {
    expect(detectFormat('plain words', { contentType: 'text/html; charset=utf-8' })).toBe('html');
    expect(detectFormat('plain words only')).toBe('text');
  });

  it.each([
    ['unmatched "<"', (bytes: number) => `<p>${'<'.repeat(bytes)}`],
    ['unclosed links', (bytes: number) => `<html>${'<a href="'.repeat(Math.floor(bytes / 9))}`],
  ])('when HTML is a run of %s, then normalization work grows linearly with the input', (_name, make) => {
    // 8× the input: linear work costs about 8× as much, quadratic work about 64×.
    expect(growthRatio(make, (html) => normalizePolicy(html), 64_000, 8)).toBeLessThan(4 * 8);
  });

  it('when an HTML policy is extracted, then channels, rights and deadlines come out with exact citations', () => {
    const { text } = normalizePolicy(fixture('small-policy.html'));
    const x = extractPolicy(text);
    expect(x.company).toBe('Acme Audio, Inc.');
    expect(x.effective_date).toBe('2024-01-05');
    expect(x.channels.map((c) => c.value)).toEqual(
      expect.arrayContaining([
        'privacy@acme-audio.test',
        'Acme Audio, Inc.\n100 Main Street, Suite 5\nSpringfield, OR 97477',
      ]),
    );
    expect(x.deadlines.map((d) => d.days)).toEqual([45]);
    expect(x.rights.map((r) => r.right)).toEqual(expect.arrayContaining(['access', 'deletion']));
    for (const c of x.channels) expect(text.slice(c.citation.start, c.citation.end)).toBe(c.citation.quote);
  });

  it('when a Markdown policy says "one month", then the deadline unit is month', () => {
    const { text } = normalizePolicy(fixture('small-policy.md'), { filename: 'p.md' });
    const x = extractPolicy(text);
    expect(x.deadlines).toEqual([expect.objectContaining({ days: 1, unit: 'month' })]);
    expect(x.effective_date).toBe('2023-02-02');
    expect(x.channels.map((c) => `${c.type}:${c.value}`)).toEqual(
      expect.arrayContaining(['webform:https://beta.test/privacy-center', 'email:dpo@beta.test']),
    );
  });
});

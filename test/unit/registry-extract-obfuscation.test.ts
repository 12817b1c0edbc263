import { extractFromRaw, listFacts } from '../../server/vendors/extract/index';
import type { PolicyExtraction } from '../../server/vendors/extract/types';

/** A short policy: enough privacy vocabulary to be read as one, with the sentence under test as its own paragraph. */
const policy = (body: string) =>
  `Privacy Policy\n\nThis privacy policy explains how Acme Widgets Ltd. collects and uses your personal data and personal information. You have the right to access and delete your personal data.\n\n${body}\n`;
const extract = (body: string, filename = 'policy.txt') => extractFromRaw(policy(body), { filename });
const emails = (x: PolicyExtraction) =>
  x.channels.filter((c) => c.type === 'email').map((c) => [c.value, c.citation.quote]);

describe('extraction: Markdown backslash escapes', () => {
  it('when a Markdown policy escapes the underscore of an address, then the address is found without the backslash', () => {
    const { extraction, normalized } = extract(
      'Write to privacy\\_support@acme-widgets.com with your request.',
      'policy.md',
    );
    expect(emails(extraction)).toEqual([['privacy_support@acme-widgets.com', 'privacy_support@acme-widgets.com']]);
    expect(normalized).not.toContain('\\');
  });

  it('when escaped stars and brackets are literal, then they stay literal while real emphasis is removed', () => {
    const { normalized } = extract(
      '**Contact:** \\*all\\* requests go to \\[the team\\] at privacy@acme-widgets.com.',
      'policy.md',
    );
    expect(normalized).toContain('Contact: *all* requests go to [the team] at privacy@acme-widgets.com.');
  });

  it('when Markdown source is pasted as plain text, then an escape inside an address is still removed, and other backslashes stay', () => {
    const { extraction, normalized } = extract(
      'Email privacy\\_support@acme-widgets.com. Files live in C:\\Users\\Public.',
    );
    expect(emails(extraction)).toEqual([['privacy_support@acme-widgets.com', 'privacy_support@acme-widgets.com']]);
    expect(normalized).toContain('C:\\Users\\Public');
  });
});

describe('extraction: obfuscated e-mail addresses', () => {
  it.each([
    ['privacy [at] acme-widgets.com', 'privacy@acme-widgets.com'],
    ['privacy(at)acme-widgets.com', 'privacy@acme-widgets.com'],
    ['privacy (at) acme-widgets [dot] com', 'privacy@acme-widgets.com'],
    ['Privacy {at} Acme-Widgets (dot) co (dot) uk', 'privacy@acme-widgets.co.uk'],
    ['privacy @ acme-widgets.com', 'privacy@acme-widgets.com'],
    ['privacy.team at acme-widgets dot com', 'privacy.team@acme-widgets.com'],
  ])(
    'when the policy says "e-mail us at %s", then the address %s is a channel citing the written form',
    (written, address) => {
      const { extraction, normalized } = extract(`To exercise your rights, e-mail us at ${written} and we will reply.`);
      expect(emails(extraction)).toEqual([[address, written]]);
      const channel = extraction.channels[0]!;
      expect(normalized.slice(channel.citation.start, channel.citation.end)).toBe(written);
      expect(channel.purpose).toBe('privacy_requests');
    },
  );

  it('when words merely look like "name at domain dot com" without an e-mail cue, or "@" follows an ordinary word, then nothing is taken', () => {
    const { extraction } = extract(
      'Have a look at acme-widgets dot com for our news. Follow us @ twitter.com and meet us at conferences. Our team at Acme works hard.',
    );
    expect(extraction.channels.filter((c) => c.type === 'email')).toEqual([]);
  });

  it('when an address is written both plainly and obfuscated, then it is one channel', () => {
    const { extraction } = extract(
      'Email privacy@acme-widgets.com (also written privacy [at] acme-widgets [dot] com) with any request.',
    );
    expect(extraction.channels.filter((c) => c.type === 'email').map((c) => c.value)).toEqual([
      'privacy@acme-widgets.com',
    ]);
  });

  it('when an obfuscated address uses a placeholder domain, then it is not a channel', () => {
    expect(emails(extract('Email us at name [at] example [dot] com with your request.').extraction)).toEqual([]);
  });
});

describe('extraction: extension periods', () => {
  it('when the deadline says "within 45 days, or 90 days if we notify you that we need more time", then both are one deadline fact', () => {
    const { extraction } = extract(
      'We will respond to your request within 45 days, or 90 days if we notify you that we need more time.',
    );
    expect(extraction.deadlines).toEqual([
      expect.objectContaining({
        days: 45,
        unit: 'calendar',
        extension: { days: 90, unit: 'calendar', mode: 'total', quote: 'or 90 days' },
      }),
    ]);
  });

  it('when the next sentence extends the deadline by an additional period, then the extension is on the deadline and its citation covers both', () => {
    const { extraction } = extract(
      'We will respond to your request within 45 days. If we need more time, we may extend this period by an additional 45 days and will tell you why.',
    );
    expect(extraction.deadlines).toHaveLength(1);
    const [deadline] = extraction.deadlines;
    expect(deadline).toMatchObject({
      days: 45,
      extension: { days: 45, unit: 'calendar', mode: 'additional', quote: 'by an additional 45 days' },
    });
    expect(deadline!.citation.quote).toContain('extend this period');
  });

  it('when the GDPR wording "extended by two further months" follows a one-month deadline, then the extension is two months additional', () => {
    const { extraction } = extract(
      'We will respond to your request within one month. That period may be extended by two further months where necessary, taking into account the complexity of the request.',
    );
    expect(extraction.deadlines).toEqual([
      expect.objectContaining({
        days: 1,
        unit: 'month',
        extension: expect.objectContaining({ days: 2, unit: 'month', mode: 'additional' }),
      }),
    ]);
  });

  it('when a second number is a retention period or a shorter period, then it is neither a deadline nor an extension', () => {
    const retention = extract(
      'We will respond to your request within 30 days. We keep your data for 90 days after your account is closed.',
    ).extraction;
    expect(retention.deadlines).toEqual([expect.objectContaining({ days: 30, extension: null })]);
    const shorter = extract(
      'We will respond to your request within 45 days, or 10 days if we need more time to confirm your identity.',
    ).extraction;
    expect(shorter.deadlines).toEqual([expect.objectContaining({ days: 45, extension: null })]);
  });

  it('when an extension is stated, then no extension period ever becomes a deadline of its own', () => {
    const { extraction } = extract(
      'We will respond to your request within 45 days. Where reasonably necessary we may take up to an additional 45 days, or up to 90 days in total, and we will notify you of the extension.',
    );
    expect(extraction.deadlines.map((d) => d.days)).toEqual([45]);
    expect(listFacts(extraction).filter((f) => f.family === 'deadline')).toHaveLength(1);
  });
});

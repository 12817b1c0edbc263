import type { ReplyClassification } from '../../server/correspondence/classification/types';
import { computeDeadline } from '../../server/deadlines';
import { appealPath, consumerNotice, PROPOSAL_FLOOR, proposeAction } from '../../server/staff/reply-proposals';

const classified = (
  overrides: Partial<ReplyClassification> & Pick<ReplyClassification, 'class'>,
): ReplyClassification => ({
  confidence: 0.95,
  language: 'en',
  evidence: [{ phrase: 'x', start: 0, end: 1, rule: 'test' }],
  ...overrides,
  extracted: {
    new_due_date: null,
    extension_days: null,
    url: null,
    reason: null,
    reason_text: null,
    requested_items: [],
    ...overrides.extracted,
  },
});

const request = (jurisdiction: string, received = '2026-03-02') => ({
  status: 'sent' as const,
  jurisdiction,
  right: 'access',
  channel_type: 'email',
  channel_value: 'privacy@vendor.example',
  deadline: computeDeadline({ jurisdiction, right: 'access', received }),
});

describe('proposeAction: from a classified reply to a pre-filled staff action', () => {
  test('when an ID request comes for a UK request, then "needs information" is proposed with the pause the law allows', () => {
    const p = proposeAction(
      classified({ class: 'information_requested', extracted: { requested_items: ['government_id'] } as never }),
      request('GB'),
      { receivedOn: '2026-03-05' },
    );
    expect(p).toMatchObject({ action: 'needs_information', legalIssue: null });
    expect(p.fields).toMatchObject({ pauses_clock: true, reason: 'asked for a copy of a government-issued ID' });
    const ca = proposeAction(classified({ class: 'information_requested' }), request('US-CA'), {
      receivedOn: '2026-03-05',
    });
    expect(ca.fields.pauses_clock).toBe(false);
  });

  test('when the confidence is under the floor, or the class has no action, then nothing is proposed', () => {
    expect(
      proposeAction(classified({ class: 'denied', confidence: PROPOSAL_FLOOR - 0.01 }), request('US-CA'), {
        receivedOn: '2026-03-05',
      }).action,
    ).toBeNull();
    expect(
      proposeAction(classified({ class: 'acknowledgement' }), request('US-CA'), { receivedOn: '2026-03-05' }).action,
    ).toBeNull();
  });

  test('when a finished request gets a reply, then no outcome the lifecycle forbids is proposed', () => {
    expect(
      proposeAction(
        classified({ class: 'fulfilled' }),
        { ...request('US-CA'), status: 'completed' },
        {
          receivedOn: '2026-03-05',
        },
      ).action,
    ).toBeNull();
  });

  test('when a California extension stays within 90 days from receipt, then it is proposed with the new date; beyond, it is flagged', () => {
    const within = proposeAction(
      classified({ class: 'extension', extracted: { extension_days: 45 } as never }),
      request('US-CA'),
      { receivedOn: '2026-03-20' },
    );
    // received 2 March: due 16 April, at most 90 days from receipt (31 May, a Sunday: 1 June)
    expect(within).toMatchObject({ action: 'extension', legalIssue: null });
    expect(within.fields).toMatchObject({ notice_date: '2026-03-20', new_date: '2026-05-31' });
    const beyond = proposeAction(
      classified({ class: 'extension', extracted: { new_due_date: '2026-07-01' } as never }),
      request('US-CA'),
      { receivedOn: '2026-03-20' },
    );
    expect(beyond.legalIssue).toMatch(/beyond the maximum 2026-06-01/);
    const late = proposeAction(
      classified({ class: 'extension', extracted: { extension_days: 30 } as never }),
      request('US-CA'),
      { receivedOn: '2026-04-30' },
    );
    expect(late.legalIssue).toMatch(/after the original due date/);
  });

  test('when Brazil gives no extension, then any extension notice is flagged', () => {
    const p = proposeAction(classified({ class: 'extension' }), request('BR'), { receivedOn: '2026-03-05' });
    expect(p.legalIssue).toMatch(/allows no extension/);
  });

  test('when a wrong-channel reply names a form, then the form is proposed for review and the letter’s channel flagged', () => {
    const p = proposeAction(
      classified({ class: 'wrong_channel', extracted: { url: 'https://vendor.example/privacy-form' } as never }),
      request('US-CA'),
      { receivedOn: '2026-03-05' },
    );
    expect(p).toMatchObject({
      action: 'channel_review',
      fields: {
        proposed: { type: 'webform', value: 'https://vendor.example/privacy-form' },
        flagged: { type: 'email', value: 'privacy@vendor.example' },
      },
    });
  });
});

describe('appealPath and what the consumer is told', () => {
  test('when the regime has an appeal (Virginia), then the appeal is offered; else (California) the regulator', () => {
    expect(appealPath('US-VA')).toMatchObject({ kind: 'appeal', answer_days: 60 });
    expect(appealPath('US-CA')).toMatchObject({
      kind: 'complaint',
      regulator: { url: expect.stringMatching(/^https:/) },
    });
  });

  test('when Sonos asks for ID, then the consumer reads who asked for what and how to answer', () => {
    const notice = consumerNotice(
      'needs_information',
      { requested_items: ['government_id'], pauses_clock: false },
      {
        vendorName: 'Sonos',
        requestUrl: 'https://p.example/requests/DR-2026-000001',
        answerUrl: 'https://p.example/a',
      },
    )!;
    expect(notice.headline).toBe('Sonos asked for proof of identity');
    expect(notice.paragraphs.join(' ')).toContain('a copy of a government-issued ID');
    expect(notice).toMatchObject({ action_label: 'Answer Sonos', action_url: 'https://p.example/a' });
  });

  test('when a denial is explained, then the reason and the next step are given', () => {
    const notice = consumerNotice(
      'denied',
      { reason: 'we could not verify your identity', appeal: appealPath('US-CA') },
      { vendorName: 'Sonos', requestUrl: 'https://p.example/r', answerUrl: 'https://p.example/a' },
    )!;
    expect(notice.paragraphs[0]).toBe('Reason given: we could not verify your identity.');
    expect(notice.paragraphs[1]).toMatch(/complain to California/);
  });
});

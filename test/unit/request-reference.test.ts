import {
  referenceFromReplyAddress,
  referenceInSubject,
  replyAddressFor,
} from '../../server/correspondence/reply-address';

/** References grow past six digits (DR-2026-1000000) instead of wrapping onto an earlier request's number. */
describe('request references beyond a million', () => {
  const secret = 'x'.repeat(32);
  test.each(['DR-2026-000123', 'DR-2026-1000000', 'DR-2031-12345678'])(
    'when %s is used, then its reply address and subject thread back to it',
    (reference) => {
      const address = replyAddressFor(reference, secret, 'portal.test');
      expect(referenceFromReplyAddress(address, secret, 'portal.test')).toBe(reference);
      expect(referenceInSubject(`Re: Your request ${reference} (access)`)).toBe(reference);
    },
  );
});

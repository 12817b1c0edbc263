import {
  openCombined,
  signCombined,
  signingKeyFromSeed,
  verifyKeyBase64,
  verifyKeyFromRaw,
} from '../../server/drp/signing';

/**
 * An independent vector: made with PyNaCl 1.5 (libsodium), `SigningKey(bytes([7] * 32)).sign(msg)` base64-encoded, the
 * call OSIRAA's `sign_request` makes (DRP 1.0 §3.07.1). Ed25519 signatures are deterministic, so Node's must be the
 * same bytes.
 */
const SEED = Buffer.alloc(32, 7);
const PYNACL_VERIFY_KEY = '6kpsY+KcUgq+9VB7Ey7F+ZVHdq6+vnuSQh7qaRRG0iw=';
const MESSAGE =
  '{"agent-id":"PORTAL_TEST","business-id":"ACME_TEST","issued-at":"2026-12-07T10:00:00.000+00:00","expires-at":"2026-12-07T10:15:00.000+00:00","drp.version":"1.0","exercise":"deletion"}';
const PYNACL_SIGNED =
  'jecvyTpjkb7O9KIe6Ms1lJv6DxIXC7eX9VqRNBXCIp88nJ2jMfbVdsZyUy2GrQ1E5hgqgr+44+yZ6Xg87l/PAnsiYWdlbnQtaWQiOiJQT1JUQUxfVEVTVCIsImJ1c2luZXNzLWlkIjoiQUNNRV9URVNUIiwiaXNzdWVkLWF0IjoiMjAyNi0xMi0wN1QxMDowMDowMC4wMDArMDA6MDAiLCJleHBpcmVzLWF0IjoiMjAyNi0xMi0wN1QxMDoxNTowMC4wMDArMDA6MDAiLCJkcnAudmVyc2lvbiI6IjEuMCIsImV4ZXJjaXNlIjoiZGVsZXRpb24ifQ==';

describe('DRP signing (libsodium combined mode with Node crypto)', () => {
  test('when the seed of a libsodium key signs a message, then the verify key and the signed message equal PyNaCl’s', () => {
    const key = signingKeyFromSeed(SEED);
    expect(verifyKeyBase64(key)).toBe(PYNACL_VERIFY_KEY);
    expect(signCombined(key, Buffer.from(MESSAGE))).toBe(PYNACL_SIGNED);
  });

  test('when PyNaCl’s signed message is opened with its verify key, then the JSON comes back', () => {
    const opened = openCombined(verifyKeyFromRaw(Buffer.from(PYNACL_VERIFY_KEY, 'base64')), PYNACL_SIGNED);
    expect(opened).toEqual({ ok: true, message: Buffer.from(MESSAGE) });
  });

  test('when one byte of the message, the signature or the key differs, then opening refuses', () => {
    const verifyKey = verifyKeyFromRaw(Buffer.from(PYNACL_VERIFY_KEY, 'base64'));
    const bytes = Buffer.from(PYNACL_SIGNED, 'base64');
    const flip = (i: number) => {
      const copy = Buffer.from(bytes);
      copy[i]! ^= 1;
      return copy.toString('base64');
    };
    expect(openCombined(verifyKey, flip(10))).toEqual({ ok: false, reason: 'bad_signature' });
    expect(openCombined(verifyKey, flip(100))).toEqual({ ok: false, reason: 'bad_signature' });
    const other = verifyKeyFromRaw(Buffer.from(verifyKeyBase64(signingKeyFromSeed(Buffer.alloc(32, 8))), 'base64'));
    expect(openCombined(other, PYNACL_SIGNED)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(openCombined(verifyKey, 'not base64 at all!')).toEqual({ ok: false, reason: 'not_base64' });
    expect(openCombined(verifyKey, Buffer.alloc(10).toString('base64'))).toEqual({ ok: false, reason: 'too_short' });
  });
});

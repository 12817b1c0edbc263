import { decrypt, DecryptionError, encrypt } from '../../server/shared/encryption';

const SECRET = 'x'.repeat(40);

describe('encryption at rest', () => {
  test('when a document is sealed and opened with the same secret and purpose, then the bytes round-trip', () => {
    const plain = Buffer.from('signed authorization %PDF-1.7 ...');
    const sealed = encrypt(SECRET, 'agent-authorization', plain);
    expect(sealed.includes(plain)).toBe(false);
    expect(decrypt(SECRET, 'agent-authorization', sealed)).toEqual(plain);
  });

  test('when the same document is sealed twice, then the ciphertexts differ (fresh IV)', () => {
    const plain = Buffer.from('same');
    expect(encrypt(SECRET, 'reply-attachment', plain).equals(encrypt(SECRET, 'reply-attachment', plain))).toBe(false);
  });

  test('when opened with another purpose, another secret or after tampering, then it refuses', () => {
    const sealed = encrypt(SECRET, 'reply-attachment', Buffer.from('attachment'));
    expect(() => decrypt(SECRET, 'identity-document', sealed)).toThrow(DecryptionError);
    expect(() => decrypt('y'.repeat(40), 'reply-attachment', sealed)).toThrow(DecryptionError);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => decrypt(SECRET, 'reply-attachment', tampered)).toThrow(DecryptionError);
    expect(() => decrypt(SECRET, 'reply-attachment', Buffer.from([9, 1, 2]))).toThrow(DecryptionError);
  });
});

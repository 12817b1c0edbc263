/** The document types an uploaded document may be (authorizations, a consumer's answer), recognised by their first bytes (never by name or header). */
export type SniffedType =
  | { contentType: 'application/pdf'; extension: 'pdf' }
  | { contentType: 'image/png'; extension: 'png' }
  | { contentType: 'image/jpeg'; extension: 'jpg' };

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffDocumentType(bytes: Buffer): SniffedType | undefined {
  if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-')
    return { contentType: 'application/pdf', extension: 'pdf' };
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return { contentType: 'image/png', extension: 'png' };
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    return { contentType: 'image/jpeg', extension: 'jpg' };
  return undefined;
}

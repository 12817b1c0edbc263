import type { ParsedMail } from 'mailparser';

/** RFC 3464 delivery-status notifications, and the common non-standard ones from mailer daemons. */
export function isDeliveryStatusNotification(parsed: ParsedMail): boolean {
  const contentType = parsed.headers.get('content-type') as
    { value?: string; params?: Record<string, string> } | undefined;
  if (
    contentType?.value === 'multipart/report' &&
    contentType.params?.['report-type']?.toLowerCase() === 'delivery-status'
  )
    return true;
  if (parsed.attachments.some((a) => a.contentType === 'message/delivery-status')) return true;
  const from = parsed.from?.value[0]?.address?.toLowerCase() ?? '';
  return (
    /^(mailer-daemon|postmaster)@/.test(from) &&
    /undeliver|delivery (status|failure)|returned mail|failure notice/i.test(parsed.subject ?? '')
  );
}

/** The Message-ID of the message that bounced: from the returned headers part, else from the body text. */
export function findBouncedMessageId(parsed: ParsedMail): string | undefined {
  const returned = parsed.attachments
    .filter((a) => a.contentType === 'message/rfc822' || a.contentType === 'text/rfc822-headers')
    .map((a) => a.content.toString('utf8'));
  for (const text of [...returned, parsed.text ?? '']) {
    const match = /^Message-ID:\s*(<[^>\s]+>)/im.exec(text);
    if (match) return match[1];
  }
  return undefined;
}

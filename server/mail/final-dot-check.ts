import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { createMailTransport, type MessageOptions } from './transport';

export class FinalDotHookError extends Error {
  constructor(detail: string) {
    super(
      `The exactly-once mark cannot be installed: ${detail}. It hooks into Node's stream internals (_readableState.pipes) ` +
        `and nodemailer's dot-escaping stream (nodemailer ${nodemailerVersion()}, Node ${process.version}); without it a worker killed ` +
        'mid-send could deliver a letter twice. Install the nodemailer version pinned in package.json (npm ci) and the Node version it was checked with.',
    );
    this.name = 'FinalDotHookError';
  }
}

function nodemailerVersion(): string {
  try {
    return (JSON.parse(readFileSync(require.resolve('nodemailer/package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

/**
 * The worker's start-up self-check: sends one message through the real transport to an in-process SMTP server on
 * loopback and checks that the hooks ran, in order, before the server had the final dot: `beforeFinalDot`, then
 * `onFinalDotSent`, then the server's end of data. If nodemailer or Node changed the internals the hook relies on,
 * this throws (and the worker refuses to start) instead of silently sending without the mark.
 */
export async function verifyFinalDotHook(
  createTransport: (smtpUrl: string) => Transporter = (url) =>
    createMailTransport(url, { connectionMs: 5000, greetingMs: 5000, socketMs: 5000 }),
): Promise<void> {
  const seen: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        seen.push('server has the final dot');
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const transport = createTransport(`smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}?tls=off`);
  try {
    const message: MessageOptions = {
      from: 'self-check@localhost',
      to: 'self-check@localhost',
      subject: 'final dot self-check',
      text: 'The worker checks its exactly-once hook at start-up.',
      beforeFinalDot: async () => void seen.push('before the final dot'),
      onFinalDotSent: () => void seen.push('final dot sent'),
    };
    await transport.sendMail(message);
  } catch (err) {
    throw new FinalDotHookError(
      `a test message to an in-process SMTP server failed (${err instanceof Error ? err.message : String(err)})`,
    );
  } finally {
    transport.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const expected = ['before the final dot', 'final dot sent', 'server has the final dot'];
  if (seen.join('|') !== expected.join('|'))
    throw new FinalDotHookError(`the hooks ran as [${seen.join(', ')}] instead of [${expected.join(', ')}]`);
}

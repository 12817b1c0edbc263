import { startSmtpSink, type ReceivedMail } from '../../server/mail';
import { waitFor, type WaitOptions } from './wait';

/** A real SMTP peer on a free loopback port that keeps what it receives in memory for assertions. */
export async function startTestSink(options: { maxBytes?: number; delayMs?: number } = {}) {
  const messages: ReceivedMail[] = [];
  let refusal: { code: number; message: string } | undefined;
  const sink = await startSmtpSink({
    port: 0,
    maxBytes: options.maxBytes,
    refuse: () => refusal,
    onMail: async (mail) => {
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      messages.push(mail);
    },
  });
  return {
    port: sink.port,
    url: `smtp://127.0.0.1:${sink.port}?tls=off`,
    messages,
    /** answer every message with this SMTP error until cleared (undefined) */
    refuseWith(next: { code: number; message: string } | undefined) {
      refusal = next;
    },
    waitFor(predicate: (all: ReceivedMail[]) => boolean, options?: WaitOptions): Promise<ReceivedMail[]> {
      return waitFor(() => messages, predicate, 'the SMTP sink to receive the expected messages', options).catch(
        (err: Error) => {
          throw new Error(`${err.message.split('; last value')[0]} (${messages.length} messages received)`);
        },
      );
    },
    close: () => sink.close(),
  };
}
export type TestSink = Awaited<ReturnType<typeof startTestSink>>;

import { startSmtpSink, type ReceivedMail } from '../../server/mail';

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
    async waitFor(predicate: (all: ReceivedMail[]) => boolean, timeoutMs = 10_000): Promise<ReceivedMail[]> {
      const started = Date.now();
      while (!predicate(messages)) {
        if (Date.now() - started > timeoutMs) throw new Error(`SMTP sink: condition not met within ${timeoutMs} ms (${messages.length} messages)`);
        await new Promise((r) => setTimeout(r, 25));
      }
      return messages;
    },
    close: () => sink.close(),
  };
}
export type TestSink = Awaited<ReturnType<typeof startTestSink>>;

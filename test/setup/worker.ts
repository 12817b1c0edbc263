import type { Knex } from 'knex';
import type { Config } from '../../server/config';
import { createMailTransport } from '../../server/mail';
import { systemClock, type Clock } from '../../server/shared/clock';
import { startWorker } from '../../server/worker';
import { silentLogger } from './context';
import { startTestSink, type TestSink } from './smtp-sink';

/** A real SMTP sink and an in-process worker (relay, jobs) that sends to it; `stop` drains and closes both. */
export async function startWorkerWithSink(
  config: Config,
  db: Knex,
  clock: Clock = systemClock,
): Promise<{ sink: TestSink; stop(): Promise<void> }> {
  const sink = await startTestSink();
  const transport = createMailTransport(sink.url, config.smtpTimeouts);
  const worker = await startWorker({ config, db, logger: silentLogger, clock, transport });
  return {
    sink,
    stop: async () => {
      await worker.stop();
      transport.close();
      await sink.close();
    },
  };
}

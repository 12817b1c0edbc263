import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { startSmtpSink, type SmtpSink } from '../mail';
import type { Clock } from '../shared/clock';
import { receiveInbound, receiveUnparsable, type ReplyWorkflow } from './inbound.service';

/** Mail over this size is refused at the SMTP level with 552. */
const MAX_INBOUND_BYTES = 25 * 1024 * 1024;

/**
 * The receiver takes mail only for our own domains: REPLY_DOMAIN (reply addresses) and the domain of MAIL_FROM (where
 * bounces and replies to the sender arrive). Anything else is refused at RCPT TO (550): it is no open relay and stores
 * no mail meant for someone else.
 */
function acceptsRecipient(config: Config, address: string): boolean {
  const domain = /@([^@\s>]+)$/.exec(address.trim())?.[1]?.toLowerCase();
  if (!domain) return false;
  const fromDomain = /@([^@\s>]+)>?\s*$/.exec(config.mailFrom)?.[1]?.toLowerCase();
  return domain === config.replyDomain.toLowerCase() || domain === fromDomain;
}

/** The inbound SMTP receiver for vendor replies and bounces (started by the worker on INBOUND_SMTP_PORT). */
export function startInboundReceiver(
  deps: { db: Knex; config: Config; logger: Logger; clock: Clock; replies: ReplyWorkflow },
  port = deps.config.inboundSmtpPort,
): Promise<SmtpSink> {
  return startSmtpSink({
    port,
    host: deps.config.env === 'production' ? '0.0.0.0' : '127.0.0.1',
    maxBytes: MAX_INBOUND_BYTES,
    acceptRecipient: (address) => acceptsRecipient(deps.config, address),
    clock: deps.clock,
    onMail: async (mail) => {
      const outcome = await receiveInbound(deps.db, deps.config, mail, deps.clock, deps.replies);
      deps.logger.info(
        { outcome: outcome.kind, request: 'requestId' in outcome ? outcome.requestId : null },
        'inbound mail stored',
      );
    },
    onUnparsable: async (raw, envelope, error) => {
      await receiveUnparsable(deps.db, raw, envelope, error, deps.clock.now());
      deps.logger.warn({ error: error.message }, 'inbound mail could not be parsed; stored unparsed');
    },
  });
}

/**
 * npm run admin:create -- --email ops@example.org [--name "Sam Lee"] [--role admin|staff]
 * Creates a staff account and prints a one-time link (24 h) to set its password. No password is ever typed here.
 */
import { parseArgs } from 'node:util';
import { createAccount, issueAccountToken } from '../server/auth';
import { loadConfig } from '../server/config';
import { createDb } from '../server/db';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'admin' } },
  });
  if (!values.email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(values.email))
    throw new Error('--email: a valid email address is required');
  if (values.role !== 'admin' && values.role !== 'staff') throw new Error('--role: admin or staff');
  const config = loadConfig();
  const db = createDb(config.databaseUrl, 1);
  try {
    const link = await db.transaction(async (trx) => {
      const account = await createAccount(trx, {
        email: values.email!,
        name: values.name ?? values.email!.split('@')[0]!,
        role: values.role as 'admin' | 'staff',
        emailVerified: true,
      });
      const token = await issueAccountToken(trx, account.id, 'set_password', new Date(Date.now() + 24 * 3600_000));
      return `${config.publicUrl}/password/${token}`;
    });
    console.log(
      `Created ${values.role} ${values.email}. Open this link within 24 hours to set the password (it works once):\n${link}`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});

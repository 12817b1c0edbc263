/**
 * npm run db:migrate | db:rollback | db:seed — against DATABASE_URL (created when missing), as the tables' owner.
 * migrate also sets up the app role (APP_DATABASE_ROLE) the API and worker connect as.
 */
import { loadConfig } from '../server/config';
import { createDb, ensureAppRole, ensureDatabase } from '../server/db';
import { sealLetterPdf } from '../server/shared/encryption';
import { detectStoredPolicyLanguages } from '../server/vendors';
import { runSeeds } from '../seeds';

async function main(): Promise<void> {
  const command = process.argv[2];
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const db = createDb(config.databaseUrl, 2);
  try {
    if (command === 'migrate') {
      const [batch, done] = await db.migrate.latest();
      console.log(done.length ? `migrated (batch ${batch}): ${done.join(', ')}` : 'migrations: already up to date');
      await ensureAppRole(db, { role: config.appDatabaseRole, password: config.appDatabasePassword });
      console.log(`app role: ${config.appDatabaseRole} (rows only; events append-only)`);
      const sealed = await sealPlainLetterPdfs(db, config.appSecret);
      if (sealed) console.log(`letter PDFs sealed: ${sealed}`);
      const detected = await detectStoredPolicyLanguages(db);
      if (detected) console.log(`policy languages detected: ${detected}`);
    } else if (command === 'rollback') {
      const all = process.argv.includes('--all');
      const [batch, undone] = await db.migrate.rollback(undefined, all);
      console.log(undone.length ? `rolled back (batch ${batch}): ${undone.join(', ')}` : 'nothing to roll back');
    } else if (command === 'seed') {
      const summary = await runSeeds(db, (line) => console.log(line));
      console.log(`seeded: ${summary}`);
    } else {
      console.error('usage: tsx scripts/db.ts migrate | rollback [--all] | seed');
      process.exitCode = 2;
    }
  } finally {
    await db.destroy();
  }
}

/** Letters stored before PDFs were encrypted at rest (plain "%PDF..." bytes) are sealed, in batches. */
async function sealPlainLetterPdfs(db: ReturnType<typeof createDb>, secret: string): Promise<number> {
  let total = 0;
  for (;;) {
    const rows: { id: number; pdf: Buffer }[] = await db('letters')
      .whereRaw("substring(pdf from 1 for 4) = '%PDF'::bytea")
      .orderBy('id')
      .limit(200)
      .select('id', 'pdf');
    for (const row of rows)
      await db('letters')
        .where({ id: row.id })
        .update({ pdf: sealLetterPdf(secret, row.pdf) });
    total += rows.length;
    if (rows.length < 200) return total;
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

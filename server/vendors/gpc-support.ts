import type { Knex } from 'knex';
import { GuardedFetchError, notFound, type GuardedFetch } from '../http';
import type { Clock } from '../shared/clock';

/**
 * Whether a vendor's site publishes GPC support: the GPC specification ("Global Privacy Control Support Resource")
 * has a site serve `/.well-known/gpc.json`, a JSON object with `gpc` (true when the site honours the signal) and an
 * optional `lastUpdate` (a date). The file is fetched from the origin of the vendor's website, as the registry cites
 * it, through the same guarded client as policy URLs; the latest outcome is kept per vendor and shown with its date.
 */
type GpcOutcome = 'supported' | 'not_supported' | 'absent' | 'invalid' | 'failed';

export interface GpcCheck {
  url: string;
  outcome: GpcOutcome;
  last_update: string | null;
  detail: string | null;
  checked_at: string;
}

/** How gpc.json is fetched: small, JSON (some servers say text/plain), quick. */
export const GPC_FETCH_OPTIONS = {
  contentTypes: ['application/json', 'text/plain'],
  maxBytes: 64 * 1024,
  timeoutMs: 10_000,
} as const;

/** Reads a gpc.json body: `{ "gpc": boolean, "lastUpdate"?: "YYYY-MM-DD" }`; anything else is `invalid`. */
function readGpcJson(body: Buffer): Pick<GpcCheck, 'outcome' | 'last_update' | 'detail'> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { outcome: 'invalid', last_update: null, detail: 'not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return { outcome: 'invalid', last_update: null, detail: 'not a JSON object' };
  const { gpc, lastUpdate } = parsed as Record<string, unknown>;
  if (typeof gpc !== 'boolean') return { outcome: 'invalid', last_update: null, detail: '"gpc" is not true or false' };
  const date =
    typeof lastUpdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(lastUpdate) && !Number.isNaN(Date.parse(lastUpdate))
      ? lastUpdate
      : null;
  return { outcome: gpc ? 'supported' : 'not_supported', last_update: date, detail: null };
}

/** The gpc.json address for a website URL (its origin), or null for a URL that is not http(s). */
function gpcJsonUrl(website: string): string | null {
  try {
    const url = new URL(website);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return new URL('/.well-known/gpc.json', url.origin).toString();
  } catch {
    return null;
  }
}

/** The vendor's website as its current sources cite it (policy or dataset record), first by document. */
async function vendorWebsite(db: Knex, vendorId: number): Promise<string | null> {
  const row = await db('vendor_facts as f')
    .join('vendor_current_documents as d', function () {
      this.on('d.document_id', '=', 'f.document_id').andOn('d.vendor_id', '=', 'f.vendor_id');
    })
    .where({ 'f.vendor_id': vendorId, 'f.family': 'website' })
    .whereNot('f.review_status', 'rejected')
    .orderBy('f.id')
    .first(db.raw(`coalesce(f.edited_value, f.fact->>'url') as url`));
  return (row?.url as string | undefined) ?? null;
}

/** Fetches and stores one vendor's gpc.json outcome. A vendor without a cited website answers 409-free null. */
async function checkGpcSupport(
  deps: { db: Knex; fetch: GuardedFetch; clock: Clock },
  vendorId: number,
): Promise<GpcCheck | null> {
  const website = await vendorWebsite(deps.db, vendorId);
  const url = website ? gpcJsonUrl(website) : null;
  if (!url) return null;
  let result: Pick<GpcCheck, 'outcome' | 'last_update' | 'detail'>;
  try {
    const fetched = await deps.fetch(url);
    result = readGpcJson(fetched.body);
  } catch (err) {
    if (err instanceof GuardedFetchError && err.reason === 'http_status' && /answered HTTP (404|410)$/.test(err.detail))
      result = { outcome: 'absent', last_update: null, detail: err.detail };
    else result = { outcome: 'failed', last_update: null, detail: err instanceof Error ? err.message : String(err) };
  }
  const check: GpcCheck = { url, ...result, detail: result.detail?.slice(0, 500) ?? null, checked_at: '' };
  const checkedAt = deps.clock.now();
  await deps
    .db('vendor_gpc_checks')
    .insert({ vendor_id: vendorId, ...check, checked_at: checkedAt })
    .onConflict('vendor_id')
    .merge();
  return { ...check, checked_at: checkedAt.toISOString() };
}

/** The latest stored check of a vendor (by slug), or null if it was never checked. */
export async function gpcSupportOf(db: Knex, slug: string): Promise<GpcCheck | null> {
  const row = await db('vendor_gpc_checks as g')
    .join('vendors as v', 'v.id', 'g.vendor_id')
    .where('v.slug', slug)
    .first('g.url', 'g.outcome', 'g.last_update', 'g.detail', 'g.checked_at');
  if (!row) return null;
  return {
    url: row.url as string,
    outcome: row.outcome as GpcOutcome,
    last_update: (row.last_update as string | null) ?? null,
    detail: (row.detail as string | null) ?? null,
    checked_at: new Date(row.checked_at as string).toISOString(),
  };
}

/** Staff "check now" by slug. */
export async function checkGpcSupportBySlug(deps: { db: Knex; fetch: GuardedFetch; clock: Clock }, slug: string) {
  const vendor = await deps.db('vendors').where({ slug }).first('id');
  if (!vendor) throw notFound('No such vendor.');
  return { checked: await checkGpcSupport(deps, Number(vendor.id)) };
}

/**
 * The worker's scheduled job: vendors with a cited website whose last check is older than `recheckDays` (or never
 * made), oldest first, `limit` at a time. Runs only when GPC checks are configured (GPC_CHECK_DAYS > 0).
 */
export async function checkDueGpcSupport(
  deps: { db: Knex; fetch: GuardedFetch; clock: Clock; recheckDays: number },
  limit = 25,
): Promise<{ checked: number; supported: number }> {
  const cutoff = new Date(deps.clock.now().getTime() - deps.recheckDays * 86_400_000);
  const due = await deps
    .db('vendor_facts as f')
    .join('vendor_current_documents as d', function () {
      this.on('d.document_id', '=', 'f.document_id').andOn('d.vendor_id', '=', 'f.vendor_id');
    })
    .leftJoin('vendor_gpc_checks as g', 'g.vendor_id', 'f.vendor_id')
    .where('f.family', 'website')
    .where((q) => q.whereNull('g.checked_at').orWhere('g.checked_at', '<', cutoff))
    .groupBy('f.vendor_id')
    .orderByRaw('min(g.checked_at) nulls first, f.vendor_id')
    .limit(limit)
    .select('f.vendor_id');
  let supported = 0;
  for (const v of due) {
    const check = await checkGpcSupport(deps, Number(v.vendor_id));
    if (check?.outcome === 'supported') supported++;
  }
  return { checked: due.length, supported };
}

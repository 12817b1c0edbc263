import type { Knex } from 'knex';
import { isSupportedJurisdiction, SUPPORTED_JURISDICTIONS, type RightCode } from '../deadlines';
import { validationFailed, type FieldError } from '../http';
import { getPublishedVendors, type PublishedVendor, type VendorProfile } from '../vendors';
import { NAME_A_COMPANY, type ConsumerRight, type IntakeBody } from './intake.schema';
import { resolveRight, sameRight } from './rights';
import { coversJurisdiction } from './routing';
import { requiredFieldSlot } from '../shared/legal-vocabulary';
import { clip } from '../shared/text';

/** A vendor the submission names, as the published registry has it. */
type CheckedVendor = PublishedVendor;
export interface CheckedRight {
  right: RightCode;
  requested_as: ConsumerRight;
}
export interface CheckedIntake {
  rights: CheckedRight[];
  vendors: CheckedVendor[];
}

type Requester = IntakeBody['requester'];

/** Where each registry field name lives in the intake body; `null`: the request itself supplies it. */
function fieldPath(field: string): string | null {
  const slot = requiredFieldSlot(field);
  switch (slot) {
    case 'name':
      return 'requester.name';
    case 'email':
    case 'contact':
      return 'requester.email';
    case 'phone':
      return 'requester.phone';
    case 'address':
      return 'requester.address';
    case 'postal_code':
    case 'country':
    case 'region':
    case 'city':
      return `requester.address.${slot}`;
    case 'request':
      return null;
    case null:
      return `requester.identifiers.${field}`;
  }
}

function present(requester: Requester, path: string): boolean {
  let value: unknown = { requester };
  for (const part of path.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value !== undefined && value !== null && value !== '';
}

const short = (quote: string) => clip(quote, 160);

/**
 * The vendor's own required fields (registry `required_fields`) that apply to this right in this jurisdiction, each
 * with the intake body path it fills. Intake refuses a submission without them, and the web form asks for them
 * (GET /api/requests/required-fields), from this one rule.
 */
function vendorRequiredFields(
  profile: VendorProfile,
  right: RightCode,
  jurisdiction: string,
): { field: string; path: string; quote: string }[] {
  const out: { field: string; path: string; quote: string }[] = [];
  for (const req of profile.requirements) {
    if (req.kind !== 'required_fields') continue;
    if (req.rights.length > 0 && !req.rights.some((r) => sameRight(r, right))) continue;
    if (!coversJurisdiction(req.jurisdictions, jurisdiction)) continue;
    for (const field of req.fields) {
      const path = fieldPath(field);
      if (path) out.push({ field, path, quote: req.citation.quote });
    }
  }
  return out;
}

function missingVendorFields(
  profile: VendorProfile,
  right: RightCode,
  jurisdiction: string,
  requester: Requester,
): FieldError[] {
  return vendorRequiredFields(profile, right, jurisdiction)
    .filter(({ path }) => !present(requester, path))
    .map(({ field, path, quote }) => ({
      field: path,
      message: `${profile.name} requires "${field}" for ${right} requests in ${jurisdiction} (its policy: "${short(quote)}")`,
    }));
}

/**
 * What the chosen vendors require for these rights here, by body path, with the vendors asking: for the web form, which
 * shows those fields before the consumer submits. Rights the jurisdiction does not grant and unknown vendors are left
 * out (intake names them).
 */
export async function requiredFieldsFor(
  db: Knex,
  query: { jurisdiction: string; rights: readonly ConsumerRight[]; vendors: readonly string[] },
) {
  if (!isSupportedJurisdiction(query.jurisdiction)) {
    throw validationFailed([
      {
        field: 'jurisdiction',
        message: `unsupported jurisdiction "${query.jurisdiction}"; supported: ${SUPPORTED_JURISDICTIONS.join(', ')}`,
      },
    ]);
  }
  const rights = query.rights.map((r) => resolveRight(query.jurisdiction, r)).flatMap((r) => (r.ok ? [r.right] : []));
  const vendors = await getPublishedVendors(db, [...new Set(query.vendors)]);
  const byPath = new Map<string, { path: string; fields: string[]; vendors: string[] }>();
  for (const { profile } of vendors.values()) {
    for (const right of new Set(rights)) {
      for (const { field, path } of vendorRequiredFields(profile, right, query.jurisdiction)) {
        const entry = byPath.get(path) ?? { path, fields: [], vendors: [] };
        if (!entry.fields.includes(field)) entry.fields.push(field);
        if (!entry.vendors.includes(profile.name)) entry.vendors.push(profile.name);
        byPath.set(path, entry);
      }
    }
  }
  return [...byPath.values()];
}

/** Vendors already looked up, by slug (null: unknown); bulk filing passes one so each vendor is read once per upload. */
export type VendorCache = Map<string, CheckedVendor | null>;

/**
 * Checks a well-formed submission against the law of its jurisdiction and the vendors' published registry. Every
 * problem is collected, so the form can show them all at once (one 422 naming each field).
 */
export async function checkIntake(db: Knex, body: IntakeBody, cache: VendorCache = new Map()): Promise<CheckedIntake> {
  const errors: FieldError[] = [];
  const { jurisdiction } = body;
  if (!isSupportedJurisdiction(jurisdiction)) {
    throw validationFailed([
      {
        field: 'jurisdiction',
        message: `unsupported jurisdiction "${jurisdiction}"; supported: ${SUPPORTED_JURISDICTIONS.join(', ')}`,
      },
    ]);
  }

  const rights: CheckedRight[] = [];
  body.rights.forEach((requested, i) => {
    const resolved = resolveRight(jurisdiction, requested);
    if (!resolved.ok) errors.push({ field: `rights.${i}`, message: resolved.message });
    else if (!rights.some((r) => r.right === resolved.right))
      rights.push({ right: resolved.right, requested_as: requested });
  });
  if (rights.some((r) => r.right === 'correction') && !body.corrections?.length) {
    errors.push({
      field: 'corrections',
      message: 'a correction request needs at least one correction: {field, current, corrected}',
    });
  }
  // Corrections go into a correction letter only: sent with any other right they would be stored and never used.
  if (body.corrections?.length && !body.rights.includes('correction')) {
    errors.push({
      field: 'corrections',
      message: 'corrections belong to a correction request: add "correction" to rights, or leave corrections out',
    });
  }

  if (body.vendors.length === 0 && !body.unlisted_vendors?.length) {
    errors.push({ field: 'vendors', message: NAME_A_COMPANY });
  }
  const slugs = [...new Set(body.vendors)];
  const unseen = slugs.filter((slug) => !cache.has(slug));
  const published = unseen.length ? await getPublishedVendors(db, unseen) : new Map<string, CheckedVendor>();
  for (const slug of unseen) cache.set(slug, published.get(slug) ?? null);
  const vendors: CheckedVendor[] = [];
  for (const slug of slugs) {
    const found = cache.get(slug);
    if (!found) {
      errors.push({
        field: `vendors.${body.vendors.indexOf(slug)}`,
        message: `unknown vendor "${slug}"; search GET /api/vendors`,
      });
    } else {
      vendors.push(found);
    }
  }

  const seen = new Set<string>();
  for (const { profile } of vendors) {
    for (const { right } of rights) {
      for (const e of missingVendorFields(profile, right, jurisdiction, body.requester)) {
        if (!seen.has(e.field)) errors.push(e);
        seen.add(e.field);
      }
    }
  }
  if (errors.length) throw validationFailed(errors);
  return { rights, vendors };
}

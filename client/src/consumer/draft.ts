/** The consumer's submission as it is being written: kept in sessionStorage so nothing typed is lost. */
import { useEffect, useState } from 'react';
import { countryName } from './data';

export interface Address {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
}

export interface Draft {
  vendors: { slug: string; name: string }[];
  rights: string[];
  country: string;
  region: string;
  requester: { name: string; email: string; phone: string; address: Address; identifiers: Record<string, string> };
  details: string;
  corrections: { field: string; current: string; corrected: string }[];
}

export const emptyDraft = (): Draft => ({
  vendors: [],
  rights: [],
  country: '',
  region: '',
  requester: { name: '', email: '', phone: '', address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' }, identifiers: {} },
  details: '',
  corrections: [{ field: '', current: '', corrected: '' }],
});

const KEY = 'drp:draft';

/** State that survives a reload (sessionStorage: gone when the tab closes, never shared between tabs). */
export function useStoredState<T>(key: string, initial: () => T): [T, (next: T | ((prev: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = sessionStorage.getItem(key);
      return raw ? ({ ...initial(), ...(JSON.parse(raw) as T) } as T) : initial();
    } catch {
      return initial();
    }
  });
  useEffect(() => {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      // storage full or disabled: the form still works, it just will not survive a reload
    }
  }, [key, value]);
  return [value, setValue];
}

export const useDraft = () => useStoredState<Draft>(KEY, emptyDraft);
export const clearDraft = () => sessionStorage.removeItem(KEY);

export const jurisdictionOf = (d: Draft) => d.region || d.country;

const blank = (s: string | undefined) => !s || !s.trim();

/** The intake body (POST /api/requests and /api/requests/preview): empty optional fields are left out. */
export function toIntakeBody(d: Draft): Record<string, unknown> {
  const { requester } = d;
  const a = requester.address;
  // the country alone is no address; given the rest, an empty country is the one chosen in "where you live"
  const anyAddress = Object.entries(a).some(([k, v]) => k !== 'country' && !blank(v));
  const withCountry = { ...a, country: blank(a.country) ? countryName(d.country) : a.country };
  const address = anyAddress
    ? Object.fromEntries(Object.entries(withCountry).filter(([k, v]) => !(k === 'line2' && blank(v))).map(([k, v]) => [k, v.trim()]))
    : undefined;
  const identifiers = Object.fromEntries(Object.entries(requester.identifiers).filter(([, v]) => !blank(v)).map(([k, v]) => [k, v.trim()]));
  const corrections = d.rights.includes('correction')
    ? d.corrections
        .filter((c) => !blank(c.field) || !blank(c.corrected) || !blank(c.current))
        .map((c) => ({ field: c.field.trim(), ...(blank(c.current) ? {} : { current: c.current.trim() }), corrected: c.corrected.trim() }))
    : [];
  return {
    jurisdiction: jurisdictionOf(d),
    rights: d.rights,
    vendors: d.vendors.map((v) => v.slug),
    requester: {
      name: requester.name.trim(),
      email: requester.email.trim(),
      ...(blank(requester.phone) ? {} : { phone: requester.phone.trim() }),
      ...(address ? { address } : {}),
      ...(Object.keys(identifiers).length ? { identifiers } : {}),
    },
    ...(blank(d.details) ? {} : { details: d.details.trim() }),
    ...(corrections.length ? { corrections } : {}),
  };
}

/** Which wizard step holds a field the API named. */
export function stepOfField(field: string): number {
  if (field.startsWith('vendors')) return 0;
  if (field.startsWith('rights')) return 1;
  if (field.startsWith('jurisdiction')) return 2;
  return 3;
}

export interface VendorProfile {
  slug: string;
  name: string;
  needs_review: boolean;
  has_usable_channel: boolean;
  requirements: { kind: string; fields: string[]; rights: string[]; jurisdictions?: string[]; citation: { quote: string } }[];
  gaps: { message: string }[];
  channels: { type: string; value: string; purpose: string }[];
  deadlines: { days: number; unit: string; rights: string[] }[];
}

/** Where each registry field name lives in the intake body (mirrors server/requests/rules-check.ts). */
export function fieldPath(field: string): string | null {
  switch (field) {
    case 'name': case 'full_name': return 'requester.name';
    case 'email': case 'email_address': case 'contact_information': return 'requester.email';
    case 'phone': case 'phone_number': case 'telephone': return 'requester.phone';
    case 'mailing_address': case 'postal_address': case 'address': case 'street_address': return 'requester.address';
    case 'zip_code': case 'zip': case 'postal_code': case 'postcode': return 'requester.address.postal_code';
    case 'country': return 'requester.address.country';
    case 'state': case 'region': return 'requester.address.region';
    case 'city': return 'requester.address.city';
    case 'rights_exercised': case 'nature_of_request': case 'request_type': return null;
    default: return `requester.identifiers.${field}`;
  }
}

const EXPANDS: Record<string, string[]> = {
  opt_out: ['opt_out', 'opt_out_sale', 'opt_out_sharing', 'opt_out_targeted_ads', 'nevada_opt_out', 'objection'],
  access: ['access', 'know'],
};
const EU = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO'];

function covers(scopes: string[] | undefined, jurisdiction: string): boolean {
  if (!scopes?.length || !jurisdiction) return true;
  return scopes.some((s) => s === jurisdiction || jurisdiction.startsWith(`${s}-`) || ((s === 'EU' || s === 'EEA') && EU.includes(jurisdiction)));
}

/**
 * The fields the chosen vendors say they need for these rights here: path → the vendors asking. An approximation of
 * the server's check (which stays the authority: its 422 names any field this misses).
 */
export function requiredFields(profiles: VendorProfile[], rights: string[], jurisdiction: string): Map<string, string[]> {
  const wanted = new Set(rights.flatMap((r) => EXPANDS[r] ?? [r]));
  const out = new Map<string, string[]>();
  for (const p of profiles) {
    for (const req of p.requirements) {
      if (req.kind !== 'required_fields') continue;
      if (req.rights.length && !req.rights.some((r) => wanted.has(r) || (EXPANDS[r] ?? []).some((x) => wanted.has(x)))) continue;
      if (!covers(req.jurisdictions, jurisdiction)) continue;
      for (const f of req.fields) {
        const path = fieldPath(f);
        if (!path) continue;
        const names = out.get(path) ?? [];
        if (!names.includes(p.name)) names.push(p.name);
        out.set(path, names);
      }
    }
  }
  for (const base of ['requester.name', 'requester.email']) out.delete(base);
  return out;
}

export const humanize = (field: string) => {
  const s = field.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

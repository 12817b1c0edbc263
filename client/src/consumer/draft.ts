/** The consumer's submission as it is being written: kept in sessionStorage so nothing typed is lost. */
import { useEffect, useState } from 'react';
import type { ApiResponse } from '../api';
import { countryName } from './data';

export interface Address {
  line1: string;
  line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
}

/** A company the registry does not list, as the consumer knows it (staff confirm a contact before anything is sent). */
export interface UnlistedCompany {
  name: string;
  website: string;
  contact: string;
}

export interface Draft {
  vendors: { slug: string; name: string }[];
  unlisted: UnlistedCompany[];
  rights: string[];
  country: string;
  region: string;
  requester: { name: string; email: string; phone: string; address: Address; identifiers: Record<string, string> };
  details: string;
  corrections: { field: string; current: string; corrected: string }[];
}

export const emptyDraft = (): Draft => ({
  vendors: [],
  unlisted: [],
  rights: [],
  country: '',
  region: '',
  requester: {
    name: '',
    email: '',
    phone: '',
    address: { line1: '', line2: '', city: '', region: '', postal_code: '', country: '' },
    identifiers: {},
  },
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
    ? Object.fromEntries(
        Object.entries(withCountry)
          .filter(([k, v]) => !(k === 'line2' && blank(v)))
          .map(([k, v]) => [k, v.trim()]),
      )
    : undefined;
  const identifiers = Object.fromEntries(
    Object.entries(requester.identifiers)
      .filter(([, v]) => !blank(v))
      .map(([k, v]) => [k, v.trim()]),
  );
  const corrections = d.rights.includes('correction')
    ? d.corrections
        .filter((c) => !blank(c.field) || !blank(c.corrected) || !blank(c.current))
        .map((c) => ({
          field: c.field.trim(),
          ...(blank(c.current) ? {} : { current: c.current.trim() }),
          corrected: c.corrected.trim(),
        }))
    : [];
  return {
    jurisdiction: jurisdictionOf(d),
    rights: d.rights,
    vendors: d.vendors.map((v) => v.slug),
    ...(d.unlisted.length
      ? {
          unlisted_vendors: d.unlisted.map((u) => ({
            name: u.name.trim(),
            ...(blank(u.website) ? {} : { website: u.website.trim() }),
            ...(blank(u.contact) ? {} : { contact: u.contact.trim() }),
          })),
        }
      : {}),
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
  if (field.startsWith('vendors') || field.startsWith('unlisted_vendors')) return 0;
  if (field.startsWith('rights')) return 1;
  if (field.startsWith('jurisdiction')) return 2;
  return 3;
}

export type VendorProfile = ApiResponse<'/api/vendors/{slug}'>;

export const humanize = (field: string) => {
  const s = field.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
};

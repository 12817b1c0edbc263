import type { ApiResponse } from '../api';

/** Where a registry fact comes from (GET /api/vendors/:slug `source`), and how fresh it is, in words. */
export type FactSource = ApiResponse<'/api/vendors/{slug}'>['sources'][number];

const day = (iso: string) => iso.slice(0, 10);

export function sourceText(s: FactSource | undefined): string {
  if (!s) return 'source unknown';
  if (s.kind === 'policy') {
    return `the company's privacy policy${s.effective_date ? ` of ${s.effective_date}` : ''} (retrieved ${day(s.retrieved_at)})`;
  }
  const version = s.date ? `as of ${s.date}` : `version ${s.version.slice(0, 12)}`;
  return `${s.dataset_name}, record “${s.record}” (${version}${s.quality ? `, ${s.quality}` : ''}${s.withdrawn ? ', no longer in the dataset' : ''})`;
}

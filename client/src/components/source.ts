/** Where a registry fact comes from (GET /api/vendors/:slug `source`), and how fresh it is, in words. */
export type FactSource =
  | { kind: 'policy'; title: string; source: string; retrieved_at: string; effective_date: string | null }
  | {
      kind: 'dataset';
      dataset: string;
      dataset_name: string;
      record: string;
      version: string;
      date: string | null;
      quality: string | null;
      source_urls: string[];
      retrieved_at: string;
      withdrawn: boolean;
    };

const day = (iso: string) => iso.slice(0, 10);

export function sourceText(s: FactSource | undefined): string {
  if (!s) return 'source unknown';
  if (s.kind === 'policy') {
    return `the company's privacy policy${s.effective_date ? ` of ${s.effective_date}` : ''} (retrieved ${day(s.retrieved_at)})`;
  }
  const version = s.date ? `as of ${s.date}` : `version ${s.version.slice(0, 12)}`;
  return `${s.dataset_name}, record “${s.record}” (${version}${s.quality ? `, ${s.quality}` : ''}${s.withdrawn ? ', no longer in the dataset' : ''})`;
}

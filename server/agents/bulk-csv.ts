import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { textProblem, validationFailed } from '../http';
import { CONSUMER_RIGHTS } from '../requests';

export const MAX_BULK_ROWS = 10_000;
export const MAX_BULK_BYTES = 20 * 1024 * 1024;

/** The documented columns, in the order of the template; the first five are required. */
const REQUIRED_COLUMNS = ['principal_email', 'principal_name', 'jurisdiction', 'vendor', 'right'] as const;
const OPTIONAL_COLUMNS = [
  'phone',
  'address_line1',
  'address_line2',
  'city',
  'region',
  'postal_code',
  'country',
  'details',
] as const;
const BULK_COLUMNS = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS] as const;
type BulkColumn = (typeof BULK_COLUMNS)[number];
export type BulkRowData = Partial<Record<BulkColumn, string>> & {
  _cell_count?: number;
  _header_count?: number;
  _text_errors?: { column: string; message: string }[];
};

export interface ParsedCsv {
  rows: { row_number: number; data: BulkRowData }[];
}

const fileError = (message: string) => validationFailed([{ field: 'file', message }]);

/**
 * Reads an uploaded CSV: UTF-8 (a BOM is allowed), a header row naming documented columns (the five required ones
 * present, none unknown or repeated), 1 to 10,000 data rows. A file that fails these is refused whole (422 naming
 * `file`); anything wrong inside a row is that row's problem, reported by the worker, never the file's.
 */
export function parseBulkCsv(bytes: Buffer): ParsedCsv {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fileError('is not UTF-8 text: save the spreadsheet as "CSV UTF-8"');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let records: string[][];
  try {
    records = parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (err) {
    throw fileError(`is not readable CSV: ${err instanceof Error ? err.message : String(err)}`);
  }
  const [header, ...data] = records;
  if (!header) throw fileError('is empty: it needs a header row and at least one data row');
  const columns = header.map((h) => h.trim().toLowerCase());
  const unknown = columns.filter((c) => !(BULK_COLUMNS as readonly string[]).includes(c));
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (unknown.length || missing.length || repeated.length) {
    const parts = [
      ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
      ...(unknown.length ? [`unknown column(s) ${unknown.map((c) => `"${c}"`).join(', ')}`] : []),
      ...(repeated.length ? [`repeated column(s) ${[...new Set(repeated)].join(', ')}`] : []),
    ];
    throw fileError(
      `has a wrong header row: ${parts.join('; ')}. Columns: ${BULK_COLUMNS.join(', ')} (the first five required)`,
    );
  }
  if (data.length === 0) throw fileError('has no data rows');
  if (data.length > MAX_BULK_ROWS) throw fileError(`has ${data.length} data rows; at most ${MAX_BULK_ROWS} per upload`);
  return {
    rows: data.map((cells, i) => {
      const row: BulkRowData = {};
      columns.forEach((column, c) => {
        const value = cells[c]?.trim();
        if (!value) return;
        // The same rule as every API field (text-safety.ts): a cell with NUL, controls or bidi overrides is this
        // row's error, and is not kept (Postgres cannot even store a NUL).
        const problem = textProblem(value, column === 'details');
        if (problem) (row._text_errors ??= []).push({ column, message: problem });
        else row[column as BulkColumn] = value;
      });
      if (cells.length !== columns.length) {
        row._cell_count = cells.length;
        row._header_count = columns.length;
      }
      // spreadsheet numbering: the header is row 1
      return { row_number: i + 2, data: row };
    }),
  };
}

const text = (max: number) => z.string().max(max, `at most ${max} characters`);

/** One row's shape; what the law and the registry say about it is checked afterwards (checkIntake). */
export const bulkRowSchema = z
  .object({
    principal_email: z.email('must be a valid email address').max(254),
    principal_name: text(200),
    jurisdiction: text(10),
    vendor: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,79}$/,
        'a vendor slug: lower-case letters, digits and dashes (search GET /api/vendors)',
      ),
    right: z.enum(CONSUMER_RIGHTS, { message: `one of ${CONSUMER_RIGHTS.join(', ')}` }),
    phone: text(40).optional(),
    address_line1: text(200).optional(),
    address_line2: text(200).optional(),
    city: text(100).optional(),
    region: text(100).optional(),
    postal_code: text(20).optional(),
    country: text(100).optional(),
    details: text(5000).optional(),
  })
  .superRefine((row, ctx) => {
    const parts = ['address_line1', 'city', 'region', 'postal_code', 'country'] as const;
    const given = parts.filter((p) => row[p]);
    if ((given.length > 0 || row.address_line2) && given.length < parts.length) {
      for (const p of parts.filter((q) => !row[q]))
        ctx.addIssue({
          code: 'custom',
          path: [p],
          message: 'an address needs address_line1, city, region, postal_code and country',
        });
    }
  });
export type BulkRow = z.infer<typeof bulkRowSchema>;

export interface RowError {
  column: string;
  message: string;
}

const FORMULA = /^[=+\-@\t\r]/;

/** One CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && FORMULA.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

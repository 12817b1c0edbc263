/**
 * The closed registry of mail templates. Each name maps to the zod schema of the data it needs, so
 * `renderTemplate` is checked at compile time (TemplateData<N>) and again at runtime (zod, then
 * Handlebars strict mode): a missing field fails loudly instead of leaving a blank in a sent letter.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { PROJECT_ROOT } from '../shared/paths';
import { z } from 'zod';
import {
  agentPermitted,
  correctionSchema,
  LETTER_MATRIX,
  LETTER_TEMPLATES as LETTER_TEMPLATES_LIST,
  letterDataShape,
  letterTemplateFor,
  requiredFieldPath,
  resolveRequiredField,
  text,
  type LetterData,
  type LetterTemplateName,
  type ResolvedField,
} from './letter-data';
import { NOTIFICATION_SCHEMAS } from './notification-data';
import type { LetterLanguage } from '../shared/languages';
import { REGULATOR_CODES, REGULATORS } from './regulators';
import { registerHelpers, TemplateRenderError } from './template-helpers';

export const TEMPLATES_DIR = path.join(PROJECT_ROOT, 'templates');

type LetterParsed = z.infer<z.ZodObject<typeof letterDataShape>>;

/**
 * A vendor letter schema. `template` is the letter this data must map to (null for the follow-up,
 * which may follow any letter). Derived values the templates need are added by the transform so the
 * templates stay free of logic.
 */
function letterSchema<E extends z.ZodRawShape>(template: LetterTemplateName | null, extra: E) {
  return z
    .object(letterDataShape)
    .extend(extra)
    .superRefine((raw, ctx) => {
      const d = raw as unknown as LetterParsed;
      const mapped = LETTER_MATRIX[d.regime][d.right];
      if (!mapped || (template !== null && mapped !== template)) {
        ctx.addIssue({
          code: 'custom',
          path: ['right'],
          message: `right "${d.right}" under "${d.regime}" does not use the "${template}" letter (maps to ${mapped ?? 'none'})`,
        });
      }
      if (d.agent && mapped && !agentPermitted(d.regime, mapped)) {
        ctx.addIssue({
          code: 'custom',
          path: ['agent'],
          message: `${d.regime} does not recognise an authorized agent for this request`,
        });
      }
      if (!d.vendor.email && !d.vendor.postal_address) {
        ctx.addIssue({
          code: 'custom',
          path: ['vendor', 'email'],
          message: 'vendor needs an email or a postal address',
        });
      }
      for (const field of d.vendor.required_fields) {
        if (!resolveRequiredField(field, d.requester)) {
          ctx.addIssue({ code: 'custom', path: requiredFieldPath(field), message: `the vendor requires "${field}"` });
        }
      }
    })
    .transform((raw) => {
      const d = raw as unknown as LetterParsed;
      const required = d.vendor.required_fields.map((f) => resolveRequiredField(f, d.requester) as ResolvedField);
      return {
        ...raw,
        required,
        extra_identifiers: required.filter((r) => !r.standard),
        channel: d.vendor.email ? ('email' as const) : ('postal' as const),
        reply_to: d.reply_email ?? d.agent?.email ?? d.requester.email,
      };
    });
}

/**
 * The follow-up letter names what was missed (the law's deadline, the company's own promise, or the follow-up point
 * where the law says only "without delay"), and threatens a complaint to the regulator only when a LEGAL deadline has
 * passed (`regulator_code` given). A staff escalation before anything is due carries the recorded reason instead.
 */
const followUpSchema = letterSchema(null, {
  original_date: z.iso.date(),
  legal_deadline_passed: z.boolean(),
  regulator_code: z.enum(REGULATOR_CODES).optional(),
  early_reason: z.enum(['vendor_refused', 'unlawful_demand']).optional(),
  early_reason_detail: text().optional(),
}).transform((d) => ({ ...d, regulator: d.regulator_code ? REGULATORS[d.regulator_code] : undefined }));

const TEMPLATES = {
  access: letterSchema('access', {}),
  deletion: letterSchema('deletion', {}),
  correction: letterSchema('correction', { corrections: z.array(correctionSchema).min(1) }),
  opt_out: letterSchema('opt_out', {}),
  portability: letterSchema('portability', {}),
  objection: letterSchema('objection', {}),
  // An appeal without the decision and grounds is not an appeal.
  appeal: letterSchema('appeal', { details: text() }),
  shine_the_light: letterSchema('shine_the_light', {}),
  nevada_opt_out: letterSchema('nevada_opt_out', {}),
  vendor_follow_up: followUpSchema,
  ...NOTIFICATION_SCHEMAS,
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type TemplateData<N extends TemplateName> = z.input<(typeof TEMPLATES)[N]>;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

/**
 * What is written to a vendor, and so in the vendor's language: the letters, the follow-up, the consumer's answer and
 * the withdrawal. Consumer and staff notices are English (the web client's languages are a separate piece of work).
 */
export const LOCALIZED_TEMPLATES = [
  ...LETTER_TEMPLATES_LIST,
  'vendor_follow_up',
  'vendor_consumer_answer',
  'vendor_withdrawal',
] as const satisfies readonly TemplateName[];

/**
 * The partials a language must write itself: everything with words in it. The rest (the HTML shell, the subject
 * line's frame, the consumer notices' button and signature, staff reminders) is shared or English-only.
 */
const SHARED_PARTIALS = new Set(['layout', 'letter-subject', 'button', 'notice-signature', 'staff-reminder-what']);

export interface RenderedTemplate {
  subject: string;
  html: string;
  text: string;
}

export class TemplateDataError extends Error {
  override readonly name = 'TemplateDataError';
  constructor(
    readonly template: string,
    /** dotted path of the first bad field, e.g. "requester.name" */
    readonly field: string,
    readonly issues: { field: string; message: string }[],
  ) {
    super(`template "${template}": missing or invalid field "${field}": ${issues[0]?.message ?? 'missing'}`);
  }

  static fromZod(template: string, error: z.ZodError): TemplateDataError {
    const issues = error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
    return new TemplateDataError(template, issues[0]?.field ?? '', issues);
  }
}

type Compiled = Handlebars.TemplateDelegate;
interface Engine {
  templates: Map<TemplateName, { subject: Compiled; text: Compiled; html: Compiled }>;
}
const engines = new Map<LetterLanguage, Engine>();

function readSource(file: string): string {
  const src = fs.readFileSync(file, 'utf8');
  // A one-line file is an inline snippet ("Re: {{> access/subject}}"): drop its final newline. Multi-line
  // partials keep it, because Handlebars removes the newline after a standalone {{> partial}} tag.
  return /^[^\n]*\r?\n$/.test(src) ? src.replace(/\r?\n$/, '') : src;
}

/**
 * Two environments: html escapes every value; text and subject do not escape at all (noEscape), so
 * the same plain-text partials serve both without a single triple-stash that could leak into html.
 */
function buildEngine(language: LetterLanguage): Engine {
  const envs = { html: Handlebars.create(), text: Handlebars.create() };
  const opts = { html: { strict: true }, text: { strict: true, noEscape: true } };
  registerHelpers(envs.html, true, language);
  registerHelpers(envs.text, false, language);
  const partialDir = path.join(TEMPLATES_DIR, 'partials');
  const sources = new Map<string, string>();
  for (const file of fs.readdirSync(partialDir).filter((f) => f.endsWith('.hbs'))) {
    sources.set(file.slice(0, -4), readSource(path.join(partialDir, file)));
  }
  // Another language: its own partials replace the English ones, and every partial with words must be there.
  const root = language === 'en' ? TEMPLATES_DIR : path.join(TEMPLATES_DIR, 'i18n', language);
  if (language !== 'en') {
    const own = path.join(root, 'partials');
    for (const name of [...sources.keys()].filter((n) => !SHARED_PARTIALS.has(n))) {
      const file = path.join(own, `${name}.hbs`);
      if (!fs.existsSync(file)) throw new TemplateRenderError(`template file missing: ${file}`);
      sources.set(name, readSource(file));
    }
  }
  const templates: Engine['templates'] = new Map();
  for (const name of language === 'en' ? TEMPLATE_NAMES : LOCALIZED_TEMPLATES) {
    const dir = path.join(root, name);
    const [subject, text, html] = (['subject', 'text', 'html'] as const).map((part) => {
      const file = path.join(dir, `${part}.hbs`);
      if (!fs.existsSync(file)) throw new TemplateRenderError(`template file missing: ${file}`);
      return readSource(file);
    }) as [string, string, string];
    sources.set(`${name}/subject`, subject);
    sources.set(`${name}/text`, text);
    templates.set(name, {
      subject: envs.text.compile(subject, opts.text),
      text: envs.text.compile(text, opts.text),
      html: envs.html.compile(html, opts.html),
    });
  }
  // Registered pre-compiled, so each partial is compiled once per environment, not on every render.
  for (const [name, src] of sources) {
    envs.html.registerPartial(name, envs.html.compile(src, opts.html));
    envs.text.registerPartial(name, envs.text.compile(src, opts.text));
  }
  return { templates };
}

function normalizeText(s: string): string {
  return `${s
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function wrapRenderError(name: string, e: unknown): Error {
  if (e instanceof TemplateRenderError || e instanceof TemplateDataError) return e;
  const message = e instanceof Error ? e.message : String(e);
  // Handlebars strict mode: '"name" not defined in [object Object] - 3:7'
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing?.[1]) return new TemplateDataError(name, missing[1], [{ field: missing[1], message }]);
  return new TemplateRenderError(`template "${name}": ${message}`);
}

/**
 * Renders a template in a language (English by default; the others for what goes to a vendor, LOCALIZED_TEMPLATES).
 * Pure: the same data and language give the same text, so a letter rendered again is the letter stored.
 */
export function renderTemplate<N extends TemplateName>(
  name: N,
  data: TemplateData<N>,
  language: LetterLanguage = 'en',
): RenderedTemplate {
  const schema: z.ZodType = TEMPLATES[name];
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw TemplateDataError.fromZod(name, parsed.error);
  let engine = engines.get(language);
  if (!engine) {
    engine = buildEngine(language);
    engines.set(language, engine);
  }
  const compiled = engine.templates.get(name);
  if (!compiled) throw new TemplateRenderError(`template "${name}" is not written in "${language}"`);
  try {
    return {
      // One line: a newline in a subject is a header-injection vector.
      subject: compiled.subject(parsed.data).replace(/\s+/g, ' ').trim(),
      text: normalizeText(compiled.text(parsed.data)),
      html: compiled.html(parsed.data),
    };
  } catch (e) {
    throw wrapRenderError(name, e);
  }
}

/** Renders the letter that serves `data.right` under `data.regime` (see letterTemplateFor), in a language. */
export function renderLetter(
  data: LetterData,
  language: LetterLanguage = 'en',
): RenderedTemplate & { template: LetterTemplateName } {
  const template = letterTemplateFor(data.right, data.regime);
  return { template, ...renderTemplate(template, data, language) };
}

/**
 * Staff see which language letters to a company are written in, where that comes from (their own choice, the open
 * dataset's request language, or the policy's detected language, each cited), and may set it or hand it back to the
 * registry's signals. Each change is an event with the reason. Letters already stored keep their language.
 */
import { recordEvent } from '../events';
import { notFound } from '../http';
import { LANGUAGE_NAMES, type LetterLanguage } from '../shared/languages';
import { vendorLetterLanguage } from '../vendors';
import type { ActionDeps } from './action-support';

export async function vendorLanguageView(deps: Pick<ActionDeps, 'db'>, slug: string) {
  const vendor = await deps.db('vendors').where({ slug }).first('id', 'slug');
  if (!vendor) throw notFound(`No vendor ${slug}.`);
  const found = await vendorLetterLanguage(deps.db, Number(vendor.id));
  return { vendor: vendor.slug as string, ...found, language_name: LANGUAGE_NAMES[found.language] };
}

export async function setVendorLanguage(
  deps: ActionDeps,
  input: { slug: string; staffId: number; language: LetterLanguage | 'auto'; reason: string },
) {
  await deps.db.transaction(async (trx) => {
    const vendor = await trx('vendors').where({ slug: input.slug }).forUpdate().first('id', 'letter_language');
    if (!vendor) throw notFound(`No vendor ${input.slug}.`);
    const to = input.language === 'auto' ? null : input.language;
    await trx('vendors').where({ id: vendor.id }).update({ letter_language: to, updated_at: deps.clock.now() });
    await recordEvent(trx, {
      type: 'letter_language_set',
      subjectId: vendor.id,
      actor: { type: 'staff', id: input.staffId },
      reason: input.reason,
      at: deps.clock.now(),
      payload: { from: vendor.letter_language ?? null, to },
    });
  });
  return vendorLanguageView(deps, input.slug);
}

import type { Knex } from 'knex';

/**
 * Letters in the company's language (issue #20):
 * - `vendors.letter_language`: staff's choice of the language letters to the vendor are written in (overrides the
 *   dataset's `request_language` and the policy's detected language); null: not set by staff.
 * - `policy_documents.language` and `language_evidence`: the language the document's text is written in, detected at
 *   ingest (word counts per language and the cited sentence), null when too little text to say.
 * - `submissions.language`: the consumer's chosen language (intake `language`, else the browser's Accept-Language).
 * - `letters.language`: the language the letter was written in; `copy_*`: the consumer's copy in their own language
 *   when it differs (subject, bodies and the sealed PDF), erased by the retention purge like the letter itself.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('vendors', (t) => {
    t.text('letter_language');
  });
  await knex.schema.alterTable('policy_documents', (t) => {
    t.text('language');
    t.jsonb('language_evidence');
  });
  await knex.schema.alterTable('submissions', (t) => {
    t.text('language');
  });
  await knex.schema.alterTable('letters', (t) => {
    t.text('language').notNullable().defaultTo('en');
    t.text('copy_language');
    t.text('copy_subject');
    t.text('copy_text_body');
    t.text('copy_html_body');
    t.binary('copy_pdf');
  });
  await knex.raw(`
    alter table vendors add constraint vendors_letter_language check (letter_language in ('en','de','fr','sv','es','ja'));
    alter table submissions add constraint submissions_language check (language in ('en','de','fr','sv','es','ja'));
    alter table letters add constraint letters_language check (language in ('en','de','fr','sv','es','ja'));
    alter table letters add constraint letters_copy check (
      (copy_language is null) = (copy_text_body is null) and (copy_language is null or copy_language <> language));
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    alter table letters drop constraint letters_copy;
    alter table letters drop constraint letters_language;
    alter table submissions drop constraint submissions_language;
    alter table vendors drop constraint vendors_letter_language;
  `);
  await knex.schema.alterTable('letters', (t) => {
    t.dropColumns('language', 'copy_language', 'copy_subject', 'copy_text_body', 'copy_html_body', 'copy_pdf');
  });
  await knex.schema.alterTable('submissions', (t) => t.dropColumn('language'));
  await knex.schema.alterTable('policy_documents', (t) => t.dropColumns('language', 'language_evidence'));
  await knex.schema.alterTable('vendors', (t) => t.dropColumn('letter_language'));
}

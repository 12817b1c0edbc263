import { z } from 'zod';
import { AppError, validationFailed, type ApiRouter } from '../http';
import {
  letterCombinations,
  REGIMES,
  renderLetter,
  renderTemplate,
  RIGHTS,
  SAMPLE_DATA,
  sampleLetterData,
  TEMPLATE_NAMES,
  type TemplateName,
} from '../mail';
import { staffOnly } from './guards';

const rendered = z.object({ template: z.string(), subject: z.string(), text: z.string(), html: z.string() });

/** Staff preview every template with sample data, and any letter for any right under any regime that has one. */
export function registerTemplatePreviewRoutes(api: ApiRouter): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/templates',
      summary: 'Every template, and every right × regime combination that has a letter',
      tags: ['staff'],
      before: staffOnly,
      responses: {
        200: {
          description: 'Templates',
          schema: z.object({
            templates: z.array(z.string()),
            letters: z.array(z.object({ right: z.string(), regime: z.string(), template: z.string() })),
          }),
        },
      },
    },
    () => ({ templates: TEMPLATE_NAMES, letters: letterCombinations() }),
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/templates/:name/preview',
      summary: 'Render a template with sample data (letters: choose right and regime)',
      tags: ['staff'],
      before: staffOnly,
      params: z.object({ name: z.enum(TEMPLATE_NAMES as [TemplateName, ...TemplateName[]]) }),
      query: z.object({ right: z.enum(RIGHTS).optional(), regime: z.enum(REGIMES).optional() }),
      responses: { 200: { description: 'Subject, text and HTML', schema: rendered } },
    },
    ({ params, query }) => {
      if (query.right || query.regime) {
        if (!query.right || !query.regime)
          throw validationFailed([{ field: query.right ? 'regime' : 'right', message: 'give both right and regime' }]);
        const letter = letterCombinations().find((c) => c.right === query.right && c.regime === query.regime);
        if (!letter)
          throw validationFailed([
            { field: 'right', message: `no letter exists for ${query.right} under ${query.regime}` },
          ]);
        if (letter.template !== params.name)
          throw new AppError('bad_request', `That combination uses the "${letter.template}" template.`, {
            errors: [{ field: 'name', message: `use ${letter.template}` }],
          });
        const out = renderLetter(sampleLetterData(query.right, query.regime));
        return { template: out.template, subject: out.subject, text: out.text, html: out.html };
      }
      const out = renderTemplate(params.name, SAMPLE_DATA[params.name] as never);
      return { template: params.name, ...out };
    },
  );
}

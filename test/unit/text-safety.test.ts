import { z } from 'zod';
import { multiLine, multiLineText, textProblem, unsafeTextErrors } from '../../server/http/text-safety';

describe('the text rule (server/http/text-safety.ts)', () => {
  test.each([
    ['Latin with accents', 'José Müller-Ørsted'],
    ['Greek', 'Αλέξανδρος Παπαδόπουλος'],
    ['Cyrillic', 'Анна Каренина'],
    ['Japanese', '山田 太郎'],
    ['Arabic (right-to-left, no override needed)', 'محمد عبد الله'],
    ['Hebrew with a left-to-right mark', 'דוד כהן\u200E (Tel Aviv)'],
    ['an emoji (a surrogate pair)', 'Jo 😀'],
  ])('when a single-line field holds %s, then it is accepted', (_label, value) => {
    expect(textProblem(value, false)).toBeUndefined();
  });

  test.each([
    ['NUL', 'a\u0000b', /NUL/],
    ['a vertical tab', 'a\u000Bb', /control/],
    ['a C1 control', 'a\u009Bb', /control/],
    ['a right-to-left override', 'a\u202Eb', /bidirectional/],
    ['a first-strong isolate', 'a\u2068b', /bidirectional/],
    ['a lone surrogate', 'a\uD800b', /Unicode/],
  ])('when any field holds %s, then it is refused, multi-line or not', (_label, value, message) => {
    expect(textProblem(value, false)).toMatch(message);
    expect(textProblem(value, true)).toMatch(message);
  });

  test('when a field holds line breaks or tabs, then only a multi-line field accepts them (LF, CRLF, TAB; not a lone CR)', () => {
    for (const value of ['a\nb', 'a\r\nb', 'a\tb', 'a\u2028b'])
      expect(textProblem(value, false)).toMatch(/single line|tab/);
    for (const value of ['a\nb', 'a\r\nb', 'a\tb']) expect(textProblem(value, true)).toBeUndefined();
    expect(textProblem('a\rb', true)).toMatch(/lone CR/);
  });

  test('when a body holds any one character, then the walk refuses it exactly when the rule does, in a value or a key', () => {
    const schema = z.object({ line: z.string(), text: multiLineText(100) });
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const text = `a${String.fromCharCode(code)}b`;
      const refused = (body: object) => unsafeTextErrors(body, schema).length > 0;
      if (refused({ line: text }) !== !!textProblem(text, false)) disagreements.push(`line U+${code.toString(16)}`);
      if (refused({ text }) !== !!textProblem(text, true)) disagreements.push(`text U+${code.toString(16)}`);
      if (refused({ [text]: 'x' }) !== !!textProblem(text, false)) disagreements.push(`key U+${code.toString(16)}`);
    }
    expect(disagreements).toEqual([]);
  });

  test('when a body is walked, then multi-line leaves are found through optional, nullable, arrays, records, unions and pipes, and each problem names its path', () => {
    const schema = z.object({
      name: z.string(),
      details: multiLineText(100).optional(),
      notes: z.array(z.object({ body: multiLine(z.string().min(1)) })).nullable(),
      extra: z.record(z.string(), multiLine(z.string())),
      memo: multiLine(z.string()).transform((v) => v.trim()),
      choice: z.union([
        z.object({ kind: z.literal('a'), text: multiLine(z.string()) }),
        z.object({ kind: z.literal('b') }),
      ]),
    });
    const errors = unsafeTextErrors(
      {
        name: 'x\ny',
        details: 'ok\nok',
        notes: [{ body: 'ok\n' }, { body: 'nul\u0000' }],
        extra: { k: 'ok\n', 'bad\u0000key': 'v' },
        memo: 'ok\n',
        choice: { kind: 'a', text: 'ok\n' },
        unknown: 'z\u202E',
      },
      schema,
    );
    expect(errors.map((e) => e.field).sort()).toEqual(['extra.bad?key', 'name', 'notes.1.body', 'unknown']);
    expect(unsafeTextErrors({ nested: { deeper: ['\u0007'] } }, undefined, 'query')).toEqual([
      { field: 'query.nested.deeper.0', message: expect.stringMatching(/control/) },
    ]);
  });
});

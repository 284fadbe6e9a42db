import { z } from 'zod';

/**
 * A JSON object read as a dictionary: every own key is an entry, "__proto__", "constructor" and "toString"
 * included. zod's record drops a "__proto__" key without a word (guarding its output against the prototype
 * setter), which would lose a glossary term or let a bad language through; this builds its output with
 * Object.fromEntries, which defines own properties and never calls that setter.
 */
function dictionary<V extends z.ZodType>(key: z.ZodType<string>, value: V) {
  return z.unknown().transform((input, context): Record<string, z.output<V>> => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      context.addIssue({ code: 'custom', message: 'must be an object' });
      return z.NEVER;
    }
    const entries: [string, z.output<V>][] = [];
    for (const [name, item] of Object.entries(input)) {
      const checkedKey = key.safeParse(name);
      const checkedValue = value.safeParse(item);
      for (const issue of checkedKey.error?.issues ?? []) {
        context.addIssue({ code: 'custom', message: issue.message, path: [name] });
      }
      for (const issue of checkedValue.error?.issues ?? []) {
        context.addIssue({ code: 'custom', message: issue.message, path: [name, ...issue.path] });
      }
      if (checkedKey.success && checkedValue.success) entries.push([checkedKey.data, checkedValue.data]);
    }
    return Object.fromEntries(entries);
  });
}

/** Target language → (term → translation), each part checked by its own schema. */
export const glossarySchema = (
  language: z.ZodType<string>,
  term: z.ZodType<string>,
  translation: z.ZodType<string>,
) => dictionary(language, dictionary(term, translation));

/** A lone surrogate: in a `u` pattern a paired one reads as one code point, so only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

const codePointOf = (surrogate: string): string =>
  `U+${surrogate.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** A key as a field name can show it: a lone surrogate written as its JSON escape, so the name stays printable. */
const shownKey = (key: string): string =>
  key.replace(/\p{Cs}/gu, (surrogate) => `\\u${surrogate.charCodeAt(0).toString(16).toUpperCase()}`);

function problemOf(text: string, field: string, what: string): { field: string; message: string }[] {
  const surrogate = LONE_SURROGATE.exec(text)?.[0];
  return surrogate
    ? [{ field, message: `is not well-formed Unicode: ${what} a lone surrogate (${codePointOf(surrogate)})` }]
    : [];
}

/**
 * Every string of a parsed JSON value, keys included, that is not well-formed Unicode. JSON's `\ud800` escape
 * makes one out of valid UTF-8, and it breaks whatever meets it later (encodeURIComponent throws "URI
 * malformed" when the planner lists a prefix, blob names and table keys cannot hold it), so a request is
 * refused up front, naming the field. Iterative, so a deeply nested body cannot exhaust the stack.
 */
export function illFormedStrings(value: unknown): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const field = next.path.join('.') || '(body)';
    if (typeof next.value === 'string') {
      problems.push(...problemOf(next.value, field, 'it holds'));
    } else if (typeof next.value === 'object' && next.value !== null) {
      const children: { value: unknown; path: string[] }[] = [];
      for (const [key, item] of Object.entries(next.value)) {
        const path = [...next.path, shownKey(key)];
        if (!Array.isArray(next.value)) problems.push(...problemOf(key, path.join('.'), 'its name holds'));
        children.push({ value: item, path });
      }
      // Last child first onto the stack, so problems come out in the body's order.
      pending.push(...children.reverse());
    }
  }
  return problems;
}

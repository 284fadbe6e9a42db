/**
 * Just enough Bicep reading for the drift tests: no Bicep compiler is needed (or available) to run them. The
 * templates are written to be read this way (see the header of infra/bicep/main.bicep): settings, queue and
 * table names are literals or simple references in `var` and `param` declarations.
 *
 * Every function works on text with comments already removed (`stripComments`), and skips over string
 * literals, so a bracket or a `//` inside a string never confuses it.
 */

/** Where the string literal starting at `i` ends (the index after its closing quote). */
function stringEnd(text: string, i: number): number {
  if (text.startsWith("'''", i)) {
    const close = text.indexOf("'''", i + 3);
    return close < 0 ? text.length : close + 3;
  }
  let j = i + 1;
  while (j < text.length && text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Replaces `//` and `/* *\/` comments with spaces (keeping line breaks, so line-based matching still works). */
export function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === "'") {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

const OPEN = '{[(';
const CLOSE = '}])';

/** Index just past the bracket that closes the one at `open` (`{`, `[` or `(`). */
export function closingIndex(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === "'") {
      i = stringEnd(text, i);
      continue;
    }
    if (OPEN.includes(ch)) depth += 1;
    else if (CLOSE.includes(ch)) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  throw new Error(`unbalanced bracket at offset ${open}`);
}

/** The expression that starts at `start`: up to the end of the line, extended over any open brackets. */
export function expressionAt(text: string, start: number): string {
  let i = start;
  while (i < text.length && text[i] !== '\n') {
    const ch = text[i] ?? '';
    if (ch === "'") i = stringEnd(text, i);
    else if (OPEN.includes(ch)) i = closingIndex(text, i);
    else i += 1;
  }
  return text.slice(start, i).trim();
}

/**
 * The top-level items of an object or array literal (`{...}` or `[...]`, brackets included): Bicep separates
 * them with line breaks, or commas on one line.
 */
export function topLevelItems(literal: string): string[] {
  const body = literal.trim().slice(1, -1);
  const items: string[] = [];
  let current = '';
  let i = 0;
  while (i < body.length) {
    const ch = body[i] ?? '';
    if (ch === "'") {
      const end = stringEnd(body, i);
      current += body.slice(i, end);
      i = end;
    } else if (OPEN.includes(ch)) {
      const end = closingIndex(body, i);
      current += body.slice(i, end);
      i = end;
    } else if (ch === '\n' || ch === ',') {
      if (current.trim()) items.push(current.trim());
      current = '';
      i += 1;
    } else {
      current += ch;
      i += 1;
    }
  }
  if (current.trim()) items.push(current.trim());
  return items;
}

/** The entries of an object literal, key to value text. Quoted keys (`'azd-env-name': ...`) lose their quotes. */
export function objectEntries(literal: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const item of topLevelItems(literal)) {
    const match = /^(?:'([^']*)'|([A-Za-z_][A-Za-z0-9_]*))\s*:\s*([\s\S]*)$/.exec(item);
    if (!match) throw new Error(`not an object entry: ${item}`);
    entries.set(match[1] ?? match[2] ?? '', (match[3] ?? '').trim());
  }
  return entries;
}

/** One value of an object literal, which must exist. */
export function entry(literal: string, key: string): string {
  const value = objectEntries(literal).get(key);
  if (value === undefined) throw new Error(`no "${key}" in ${literal.slice(0, 80)}...`);
  return value;
}

export interface BicepFile {
  /** The text without comments. */
  text: string;
  /** `param name type = default`: the type (`string?` when nullable) and the default's text, if any. */
  params: Map<string, { type: string; defaultValue?: string }>;
  /** `var name = value`: the value's text. */
  vars: Map<string, string>;
  /** `output NAME type = value` names, in order. */
  outputs: string[];
}

export function parseBicep(source: string): BicepFile {
  const text = stripComments(source);
  const params = new Map<string, { type: string; defaultValue?: string }>();
  const vars = new Map<string, string>();
  const outputs: string[] = [];
  for (const m of text.matchAll(/^[ \t]*param[ \t]+(\w+)[ \t]+([\w.[\]]+\??)[ \t]*(=)?/gm)) {
    const defaultValue = m[3] ? expressionAt(text, (m.index ?? 0) + m[0].length) : undefined;
    params.set(m[1] ?? '', { type: m[2] ?? '', ...(defaultValue !== undefined ? { defaultValue } : {}) });
  }
  for (const m of text.matchAll(/^[ \t]*var[ \t]+(\w+)[ \t]*=/gm)) {
    vars.set(m[1] ?? '', expressionAt(text, (m.index ?? 0) + m[0].length));
  }
  for (const m of text.matchAll(/^[ \t]*output[ \t]+(\w+)[ \t]/gm)) outputs.push(m[1] ?? '');
  return { text, params, vars, outputs };
}

/** A declared variable's value, which must exist. */
export function varValue(file: BicepFile, name: string): string {
  const value = file.vars.get(name);
  if (value === undefined) throw new Error(`no "var ${name}"`);
  return value;
}

/**
 * The value of a simple string expression, or undefined when it depends on something only Azure knows (a module
 * output, a function call other than string()). Understands 'literals' with ${...} interpolation, references to
 * vars and to params with defaults, integer literals and string(x).
 */
export function evaluateString(file: BicepFile, expression: string, depth = 0): string | undefined {
  if (depth > 20) return undefined; // a reference cycle; Bicep would reject it anyway
  const expr = expression.trim();
  if (/^-?\d+$/.test(expr) || expr === 'true' || expr === 'false') return expr;
  const call = /^string\(([\s\S]*)\)$/.exec(expr);
  if (call) return evaluateString(file, call[1] ?? '', depth + 1);
  if (/^[A-Za-z_]\w*$/.test(expr)) {
    const value = file.vars.get(expr) ?? file.params.get(expr)?.defaultValue;
    return value === undefined ? undefined : evaluateString(file, value, depth + 1);
  }
  if (expr.startsWith("'''")) return expr.endsWith("'''") ? expr.slice(3, -3) : undefined;
  if (!expr.startsWith("'") || stringEnd(expr, 0) !== expr.length) return undefined;
  let out = '';
  let i = 1;
  while (i < expr.length - 1) {
    if (expr.startsWith('${', i)) {
      const end = closingIndex(expr, i + 1);
      const inner = evaluateString(file, expr.slice(i + 2, end - 1), depth + 1);
      if (inner === undefined) return undefined;
      out += inner;
      i = end;
    } else if (expr[i] === '\\') {
      const escaped = expr[i + 1] ?? '';
      out += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[escaped] ?? escaped;
      i += 2;
    } else {
      out += expr[i];
      i += 1;
    }
  }
  return out;
}

/** The items of an array-valued var, each evaluated as a string (undefined when not computable). */
export function stringArrayVar(file: BicepFile, name: string): (string | undefined)[] {
  return topLevelItems(varValue(file, name)).map((item) => evaluateString(file, item));
}

export interface ResourceDeclaration {
  symbol: string;
  /** e.g. Microsoft.Storage/storageAccounts */
  type: string;
  apiVersion: string;
  /** The object literal of the resource (for a loop, the object of each iteration). */
  body: string;
}

/** Every `resource` declaration of a file, including loops (`[for x in y: {...}]`) and conditions (`if (...)`). */
export function resources(file: BicepFile): ResourceDeclaration[] {
  const found: ResourceDeclaration[] = [];
  const pattern = /^[ \t]*resource[ \t]+(\w+)[ \t]+'([^'@]+)@([^']+)'(?:[ \t]+existing)?[ \t]*=/gm;
  for (const m of file.text.matchAll(pattern)) {
    const start = (m.index ?? 0) + m[0].length;
    const open = file.text.indexOf('{', start);
    found.push({
      symbol: m[1] ?? '',
      type: m[2] ?? '',
      apiVersion: m[3] ?? '',
      body: file.text.slice(open, closingIndex(file.text, open)),
    });
  }
  return found;
}

/** The one resource of a type in a file. */
export function resourceOfType(file: BicepFile, type: string): ResourceDeclaration {
  const matches = resources(file).filter((r) => r.type === type);
  if (matches.length !== 1) throw new Error(`expected one ${type} resource, found ${matches.length}`);
  return matches[0] as ResourceDeclaration;
}

export interface ModuleDeclaration {
  symbol: string;
  /** The path as written (relative to the declaring file). */
  path: string;
  /** The `params` object literal ('{}' when absent). */
  params: string;
}

/** Every `module` declaration of a file. */
export function modules(file: BicepFile): ModuleDeclaration[] {
  const found: ModuleDeclaration[] = [];
  for (const m of file.text.matchAll(/^[ \t]*module[ \t]+(\w+)[ \t]+'([^']+)'[ \t]*=/gm)) {
    const open = file.text.indexOf('{', (m.index ?? 0) + m[0].length);
    const body = file.text.slice(open, closingIndex(file.text, open));
    found.push({ symbol: m[1] ?? '', path: m[2] ?? '', params: objectEntries(body).get('params') ?? '{}' });
  }
  return found;
}

/** Paths of `import ... from 'path'` declarations. */
export function importPaths(file: BicepFile): string[] {
  return [...file.text.matchAll(/^[ \t]*import[ \t][^\n]*?from[ \t]+'([^']+)'/gm)].map((m) => m[1] ?? '');
}

/** The Translator v3 test server's stand-in for translation: word lists, detection and markup handling. */
import { escapeAttribute, escapeText } from 'entities';
import { Parser } from 'htmlparser2';

export const LANGUAGES = new Set(['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'ja', 'zh-Hans']);
export const DOCUMENT_TYPES = new Set([
  ...['wordprocessingml.document', 'presentationml.presentation', 'spreadsheetml.sheet'].map(
    (kind) => `application/vnd.openxmlformats-officedocument.${kind}`,
  ),
  ...['application/vnd.ms-outlook', 'message/rfc822', 'text/plain', 'text/html'],
]);
/** Just enough English → Spanish for the sentences tests use. */
const EN_ES: Record<string, string> = Object.fromEntries(
  (
    'the el,house casa,is es,big grande,we nosotros,translate traducimos,documents documentos,every cada,' +
    'day día,open abre,file archivo,and y,read lee,first primera,page página,weather tiempo,good bueno,' +
    'today hoy,this este,book libro,very muy,interesting interesante,hello hola,world mundo'
  )
    .split(',')
    .map((pair) => pair.split(' ')),
) as Record<string, string>;
const SPANISH = new Set([...Object.values(EN_ES), 'la', 'los', 'las', 'de', 'que', 'una']);

/** Known English words become Spanish (for `es`); any other word is visibly marked with the target. */
export function translateWords(text: string, to: string): string {
  return text.replace(/\p{L}+/gu, (word) => {
    const mapped = to === 'es' ? EN_ES[word.toLowerCase()] : undefined;
    if (mapped === undefined) return `${word}·${to}`;
    return word[0] === word[0]?.toUpperCase() ? mapped.charAt(0).toUpperCase() + mapped.slice(1) : mapped;
  });
}

export function detect(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const spanish = words.filter((w) => SPANISH.has(w) && !(w in EN_ES)).length;
  const english = words.filter((w) => w in EN_ES).length;
  return spanish > english ? 'es' : 'en';
}

/**
 * Translates HTML the way Translator's html mode does: text is translated, `notranslate` elements are kept,
 * `<mstrans:dictionary translation="X">term</mstrans:dictionary>` becomes X. Billed: characters of text.
 */
export function translateHtml(
  html: string,
  to: string,
  variant: boolean,
): { html: string; billed: number; source: string } {
  let out = '';
  let pending = '';
  let source = '';
  let billed = 0;
  let dictionary: string | undefined;
  const open: boolean[] = [];
  const flush = () => {
    if (pending === '') return;
    const kept = open.includes(true);
    if (!kept) [billed, source] = [billed + pending.length, source + pending];
    out += escapeText(kept ? (variant ? ` ${pending} ` : pending) : translateWords(pending, to));
    pending = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        flush();
        if (name === 'mstrans:dictionary') {
          dictionary = attribs.translation ?? '';
          return;
        }
        open.push((attribs.class ?? '').split(/\s+/).includes('notranslate'));
        const attributes = Object.entries(attribs).map(([k, v]) =>
          variant
            ? ` ${k} = '${escapeAttribute(v).replace(/'/g, '&#39;')}'`
            : ` ${k}="${escapeAttribute(v)}"`,
        );
        out += variant
          ? `<${name} data-mt="1"${attributes.reverse().join('')} >`
          : `<${name}${attributes.join('')}>`;
      },
      ontext(text) {
        if (dictionary === undefined) pending += text;
        else billed += text.length;
      },
      onclosetag(name) {
        flush();
        if (name === 'mstrans:dictionary') {
          out += escapeText(dictionary ?? '');
          dictionary = undefined;
          return;
        }
        open.pop();
        out += `</${name}>`;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return { html: out, billed, source };
}

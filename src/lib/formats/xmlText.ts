/** XML character data: escaping translations for it, and decoding what a file holds. */
/** What XML 1.0 cannot carry at all, not even as a character reference: other C0 controls, U+FFFE/F, lone surrogates. */
// eslint-disable-next-line no-control-regex
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu;

/** Whether XML 1.0 can carry the text at all (a non-global copy: `test` on a global pattern is stateful). */
const ANY_NOT_XML_CHARACTER = new RegExp(NOT_XML_CHARACTER.source, 'u');
export const xmlCanCarry = (text: string): boolean => !ANY_NOT_XML_CHARACTER.test(text);

/**
 * Translated text is XML-escaped, and characters XML cannot hold (an engine's stray control characters) are
 * dropped; inline markup and entities are protected pieces and pass through.
 */
export const escapeText = (text: string): string =>
  text.replace(NOT_XML_CHARACTER, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/]]>/g, ']]&gt;');

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its character and predefined entity references decoded; markup is left as written. */
export const decodeXmlText = (text: string): string =>
  text.replace(
    /&(?:#(\d+)|#x([\da-fA-F]+)|(lt|gt|amp|quot|apos));/g,
    (whole, dec?: string, hex?: string, name?: string) =>
      dec !== undefined
        ? String.fromCodePoint(Number(dec))
        : hex !== undefined
          ? String.fromCodePoint(parseInt(hex, 16))
          : (PREDEFINED[name ?? ''] ?? whole),
  );

/** A content type whose `charset` parameter, if it has one, names UTF-8: outputs are always written in UTF-8. */
export const withUtf8Charset = (contentType: string): string =>
  contentType.replace(/(;\s*charset\s*=\s*)("[^"]*"|[^;\s]*)/i, '$1utf-8');

import type { ResolvedEncoding } from './resolveEncoding.js';

/**
 * What the decoding adds to an output's cache key: nothing for a UTF-8 file read as it is (so outputs cached
 * before encodings were read stay valid), else the encoding it was read in and whether its declaration was
 * corrected. A UTF-16 file without a byte order mark used to pass as UTF-8, so its old output no longer
 * matches.
 */
export function encodingCacheRules(encoding: ResolvedEncoding): string {
  if (encoding.name === 'utf-8' && !encoding.rewritesDeclaration) return '';
  return `;read-as=${encoding.name}${encoding.rewritesDeclaration ? ';declares-utf-8' : ''}`;
}

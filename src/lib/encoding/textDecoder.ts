import iconv from 'iconv-lite';
import { PermanentItemError } from '../errors.js';

/** Decodes a byte stream piece by piece; throws on bytes the encoding does not define. */
interface ChunkDecoder {
  write(bytes: Buffer): string;
  end(): string;
}

/** The encodings WHATWG TextDecoder reads in every Node build, strictly (`fatal`). */
const NATIVE = new Set(['utf-8', 'utf-16le', 'utf-16be']);

class InvalidBytes extends Error {}

function chunkDecoder(name: string): ChunkDecoder {
  if (NATIVE.has(name)) {
    // A UTF-8 byte order mark stays in the text, so an untranslated UTF-8 file is written back byte for
    // byte; a UTF-16 one is dropped, as the output is UTF-8.
    const decoder = new TextDecoder(name, { fatal: true, ignoreBOM: name === 'utf-8' });
    const guarded = (decode: () => string) => {
      try {
        return decode();
      } catch (error) {
        if (error instanceof TypeError) throw new InvalidBytes();
        throw error;
      }
    };
    return {
      write: (bytes) => guarded(() => decoder.decode(bytes, { stream: true })),
      end: () => guarded(() => decoder.decode()),
    };
  }
  // iconv-lite writes U+FFFD for bytes its table leaves undefined: such a file is not in this encoding.
  const decoder = iconv.getDecoder(name, { stripBOM: true });
  const checked = (text: string | undefined) => {
    if (text?.includes('\uFFFD')) throw new InvalidBytes();
    return text ?? '';
  };
  return { write: (bytes) => checked(decoder.write(bytes)), end: () => checked(decoder.end()) };
}

const describe = (name: string): string => (name === 'utf-8' ? 'UTF-8' : name);

/**
 * A streaming decoder for `name` with the shape of the worker's UTF-8 one: chunks of bytes in, text out,
 * invalid bytes refused with `invalid_encoding` rather than written as U+FFFD into a published file.
 */
export function textDecoderFor(
  name: string,
): (chunks: AsyncIterable<Buffer> | Iterable<Buffer>) => AsyncGenerator<string> {
  return async function* decode(chunks) {
    const decoder = chunkDecoder(name);
    let offset = 0;
    try {
      for await (const chunk of chunks) {
        const text = decoder.write(chunk);
        offset += chunk.length;
        if (text) yield text;
      }
      const rest = decoder.end();
      if (rest) yield rest;
    } catch (error) {
      if (!(error instanceof InvalidBytes)) throw error;
      throw new PermanentItemError(
        'invalid_encoding',
        `The file is not valid ${describe(name)} text: it has bytes that encoding does not define, at or after byte ${offset}.`,
      );
    }
  };
}

import { chargeOf } from '../translation/chargeOf.js';
import type {
  SegmentPieces,
  TranslateRequest,
  TranslateResult,
  Translator,
} from '../translation/translator.js';
import { normalizeSpace, type TmxIndex } from './tmxIndex.js';

/** How often `needle` occurs in `text`, occurrences not overlapping. */
function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count += 1;
  return count;
}

/**
 * The memory's translation of a segment, when it may stand in for the provider's: the segment's text
 * (protected pieces and glossary terms as written) matches a unit exactly, white space aside; each protected
 * piece occurs in the translation exactly as often as in the segment (so the provider's own check would
 * pass); and every glossary term's required translation is in it. Otherwise undefined: the provider decides.
 */
export function memoryAnswer(
  lookup: ReadonlyMap<string, string> | undefined,
  pieces: SegmentPieces,
): string | undefined {
  if (!lookup) return undefined;
  const translation = lookup.get(normalizeSpace(pieces.map((p) => p.text).join('')));
  if (translation === undefined) return undefined;
  const kept = new Map<string, number>();
  for (const piece of pieces) {
    if (piece.kind === 'keep') kept.set(piece.text, (kept.get(piece.text) ?? 0) + 1);
    else if (
      piece.kind === 'term' &&
      !translation.toLocaleLowerCase().includes(piece.translation.toLocaleLowerCase())
    )
      return undefined;
  }
  for (const [text, count] of kept) if (occurrences(translation, text) !== count) return undefined;
  return translation;
}

/** The provider behind a job's translation memory, and how many segments the memory answered. */
export interface TmxTranslator extends Translator {
  readonly answered: number;
}

/**
 * Answers from the job's TMX index before the provider: segments the memory holds cost 0 characters and are
 * never sent; the rest go to `provider` in one call, in their order. `name` carries the index's identity, so
 * outputs made with a memory are cached apart from outputs made without it (the cache keys on the name).
 */
export function tmxTranslator(provider: Translator, index: TmxIndex, indexName: string): TmxTranslator {
  let answered = 0;
  const identity = /([0-9a-f]{12})[0-9a-f]*\.json$/.exec(indexName)?.[1] ?? indexName;
  const split = (request: TranslateRequest) => {
    const lookup = index.get(request.to.toLowerCase());
    const answers = request.segments.map((pieces) => memoryAnswer(lookup, pieces));
    const rest = request.segments.filter((_, i) => answers[i] === undefined);
    return { answers, rest: { ...request, segments: rest } };
  };
  return {
    name: `${provider.name}+tmx-${identity}`,
    maxSegmentChars: provider.maxSegmentChars,
    ...(provider.documents ? { documents: provider.documents } : {}),
    get answered() {
      return answered;
    },
    chargeOf(request) {
      const { rest } = split(request);
      return rest.segments.length === 0 ? 0 : chargeOf(provider, rest);
    },
    async translate(request): Promise<TranslateResult> {
      const { answers, rest } = split(request);
      let result: TranslateResult = { segments: [], charactersCharged: 0, requests: 0, charactersSent: 0 };
      if (rest.segments.length > 0) result = await provider.translate(rest);
      if (result.segments.length !== rest.segments.length)
        throw new Error(
          `Translator ${provider.name} returned ${result.segments.length} segments for ${rest.segments.length}`,
        );
      let next = 0;
      const segments = answers.map((answer) => answer ?? result.segments[next++] ?? '');
      answered += answers.length - rest.segments.length;
      return { ...result, segments };
    },
  };
}

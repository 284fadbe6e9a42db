/** Sizes that bound a worker's memory per item; tests shrink them so a "large file" stays small. */
export interface ItemLimits {
  /** Files up to this size are read once into memory; larger ones are streamed, twice (hash, then translate). */
  singleReadBytes: number;
  /** Characters per part of a text file: the parse tree of one part is what bounds the worker's memory. */
  partChars: number;
  /**
   * An output up to this size is one Put Blob; a larger one is staged in blocks of this size and committed
   * at the end (at 1 MiB, far under the 50,000-block limit at 40 MB).
   */
  blockBytes: number;
}

export const ITEM_LIMITS: ItemLimits = {
  singleReadBytes: 1024 * 1024,
  partChars: 256 * 1024,
  blockBytes: 1024 * 1024,
};

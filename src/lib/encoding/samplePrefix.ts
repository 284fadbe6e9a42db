/**
 * Reads the first `bytes` of a stream for detection, and gives the whole stream back, those bytes included,
 * to be read once from the start: only the sample is held in memory.
 */
export async function samplePrefix(
  chunks: AsyncIterable<Buffer>,
  bytes: number,
): Promise<{ sample: Buffer; complete: boolean; chunks: AsyncIterable<Buffer> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    buffered.push(next.value);
    length += next.value.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* buffered.splice(0);
    if (complete) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { sample: Buffer.concat(buffered).subarray(0, bytes), complete, chunks: replay() };
}

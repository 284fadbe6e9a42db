/** A provider's per-request limits, counted on the wire text of the segments. */
export interface RequestLimits {
  maxChars: number;
  maxSegments: number;
}

/**
 * Groups consecutive segments into as few requests as the limits allow, keeping order. Greedy filling is
 * optimal here: segments must stay in order and each request is bounded by a sum and a count, so closing a
 * request only when the next segment would not fit never uses more requests than any other split.
 * A segment longer than `maxChars` gets a request of its own; the caller must split such segments first.
 */
export function packRequests(lengths: readonly number[], limits: RequestLimits): number[][] {
  const requests: number[][] = [];
  let current: number[] = [];
  let chars = 0;
  lengths.forEach((length, index) => {
    if (current.length > 0 && (chars + length > limits.maxChars || current.length >= limits.maxSegments)) {
      requests.push(current);
      current = [];
      chars = 0;
    }
    current.push(index);
    chars += length;
  });
  if (current.length > 0) requests.push(current);
  return requests;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { QuotaMeasure, type SentRequest } from '../../../src/lib/translation/quotaMeasure.js';

/** Sends `chars` at each of `times` (ms), numbering requests in order. */
function sender(measure: QuotaMeasure) {
  let sequence = 0;
  return (sentAt: number, chars: number): SentRequest => {
    const request = { sequence: sequence++, sentAt, chars };
    measure.sent(request);
    return request;
  };
}

describe('QuotaMeasure', () => {
  it('reads the characters accepted between two 429s over the time between', () => {
    const measure = new QuotaMeasure();
    const send = sender(measure);
    const first = send(0, 10_000);
    measure.rejected(first);
    assert.equal(measure.spentAt(first, 0.1), undefined, 'the first 429 only starts a stretch');
    for (let at = 100; at < 10_000; at += 100) send(at, 5_000);
    const rejectedInBetween = send(5_050, 7_000);
    measure.rejected(rejectedInBetween);
    const last = send(10_000, 8_000);
    measure.rejected(last);

    const reading = measure.spentAt(last, 0.1);
    assert.ok(reading);
    // 99 requests of 5,000 accepted in 10 s; the rejected ones count for nothing.
    assert.equal(reading.charsPerSecond, (99 * 5_000) / 10);
    assert.equal(reading.uncertainty, 10_000 / (99 * 5_000));
  });

  it('leaves out a cool-down and what the bank saved in it', () => {
    const measure = new QuotaMeasure();
    const send = sender(measure);
    const first = send(0, 10_000);
    measure.rejected(first);
    measure.spentAt(first, 0.1);
    // Nothing goes for 1 s while the bank saves 40,000/s; then the saved 40,000 leave at once.
    measure.paused(0, 1_000, 40_000);
    send(1_000, 40_000);
    for (let at = 1_100; at < 5_000; at += 100) send(at, 4_000);
    const last = send(5_000, 4_000);
    measure.rejected(last);

    const reading = measure.spentAt(last, 0.1);
    // 39 × 4,000 in the 4 s of sending: the 1 s of pause and its 40,000 are out.
    assert.equal(reading?.charsPerSecond, (39 * 4_000) / 4);
  });

  it('counts a burst by the order of sending, not by the clock', () => {
    const measure = new QuotaMeasure();
    const send = sender(measure);
    // A burst at one instant: two accepted before the rejected one, which starts the stretch.
    send(1_000, 30_000);
    send(1_000, 30_000);
    const first = send(1_000, 30_000);
    measure.rejected(first);
    measure.spentAt(first, 0.1);
    for (let at = 1_100; at < 3_000; at += 100) send(at, 10_000);
    const last = send(3_000, 10_000);
    measure.rejected(last);

    assert.equal(measure.spentAt(last, 0.5)?.charsPerSecond, (19 * 10_000) / 2);
  });

  it('reads from the latest 429 that gives a fine enough reading', () => {
    const measure = new QuotaMeasure();
    const send = sender(measure);
    const early = send(0, 1_000);
    measure.rejected(early);
    measure.spentAt(early, 0.1);
    // A spell of sending little (the provider's window overflowing unseen), then a 429.
    for (let at = 100; at < 10_000; at += 100) send(at, 100);
    const middle = send(10_000, 1_000);
    measure.rejected(middle);
    measure.spentAt(middle, 0.1);
    for (let at = 10_100; at < 12_000; at += 100) send(at, 2_000);
    const last = send(12_000, 1_000);
    measure.rejected(last);

    // From the middle 429: 19 × 2,000 in 2 s; from the early one the reading would be far lower.
    assert.equal(measure.spentAt(last, 0.1)?.charsPerSecond, (19 * 2_000) / 2);
  });

  it('starts the stretch over once sending fell below the rate', () => {
    const measure = new QuotaMeasure();
    const send = sender(measure);
    const first = send(0, 1_000);
    measure.rejected(first);
    measure.spentAt(first, 0.1);
    for (let at = 100; at < 5_000; at += 100) send(at, 1_000);
    measure.interrupted();
    const next = send(5_000, 1_000);
    measure.rejected(next);

    assert.equal(measure.spentAt(next, 0.1), undefined);
  });
});

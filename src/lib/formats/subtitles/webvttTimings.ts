/** A cue's start and end in seconds, and the settings text after them. */
export interface CueTimings {
  start: number;
  end: number;
  settings: string;
}

/** ASCII whitespace as the WebVTT parser skips it. */
const isWhitespace = (char: string | undefined): boolean =>
  char === ' ' || char === '\t' || char === '\n' || char === '\f' || char === '\r';

class Scanner {
  position = 0;
  constructor(readonly input: string) {}

  peek(): string | undefined {
    return this.input[this.position];
  }

  digits(): string {
    const from = this.position;
    while (/[0-9]/.test(this.input[this.position] ?? '')) this.position++;
    return this.input.slice(from, this.position);
  }

  skipWhitespace(): void {
    while (isWhitespace(this.peek())) this.position++;
  }

  expect(char: string): boolean {
    if (this.peek() !== char) return false;
    this.position++;
    return true;
  }
}

/** "Collect a WebVTT timestamp": `[hours:]mm:ss.ttt`, hours any number of digits, minutes and seconds 0-59. */
function timestamp(scanner: Scanner): number | undefined {
  const first = scanner.digits();
  if (first === '') return undefined;
  const hoursFirst = first.length !== 2 || Number(first) > 59;
  if (!scanner.expect(':')) return undefined;
  const second = scanner.digits();
  if (second.length !== 2) return undefined;
  let [hours, minutes, seconds] = [0, Number(first), Number(second)];
  if (hoursFirst || scanner.peek() === ':') {
    if (!scanner.expect(':')) return undefined;
    const third = scanner.digits();
    if (third.length !== 2) return undefined;
    [hours, minutes, seconds] = [Number(first), Number(second), Number(third)];
  }
  if (!scanner.expect('.')) return undefined;
  const fraction = scanner.digits();
  if (fraction.length !== 3 || minutes > 59 || seconds > 59) return undefined;
  return hours * 3600 + minutes * 60 + seconds + Number(fraction) / 1000;
}

/**
 * "Collect WebVTT cue timings and settings" (W3C WebVTT): whitespace around the arrow is optional and a
 * timing line may be indented, as browsers read it. Undefined when browsers would drop the cue.
 */
export function parseCueTimings(line: string): CueTimings | undefined {
  const scanner = new Scanner(line);
  scanner.skipWhitespace();
  const start = timestamp(scanner);
  if (start === undefined) return undefined;
  scanner.skipWhitespace();
  if (!scanner.expect('-') || !scanner.expect('-') || !scanner.expect('>')) return undefined;
  scanner.skipWhitespace();
  const end = timestamp(scanner);
  if (end === undefined) return undefined;
  return { start, end, settings: line.slice(scanner.position).trim() };
}

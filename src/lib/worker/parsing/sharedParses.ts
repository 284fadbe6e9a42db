/** How many source characters the remembered answers may stand for between them (about a thousand small files). */
const SHARED_CHARS = 4 * 1024 * 1024;

/**
 * Answers of parse steps that several items ask for with the same text: a file's items for its other
 * target languages parse exactly what the first one parsed (the planner lists a file's languages one after
 * another, so they are measured or translated side by side). The first asker parses; the others wait for
 * that answer, or find it remembered, and each gets a copy of its own. An answer that failed is forgotten,
 * so the next asker parses again. The oldest answers go first beyond `limitChars`.
 */
export class SharedParses<T> {
  private readonly answers = new Map<string, { answer: Promise<T>; chars: number }>();
  private chars = 0;

  constructor(private readonly limitChars = SHARED_CHARS) {}

  async take(key: string, chars: number, parse: () => Promise<T>): Promise<T> {
    const found = this.answers.get(key);
    if (found) return structuredClone(await found.answer);
    const answer = parse();
    if (chars <= this.limitChars) this.remember(key, chars, answer);
    return answer;
  }

  private remember(key: string, chars: number, answer: Promise<T>): void {
    const entry = { answer, chars };
    this.answers.set(key, entry);
    this.chars += chars;
    answer.catch(() => this.forget(key, entry));
    for (const [oldest, old] of this.answers) {
      if (this.chars <= this.limitChars) break;
      this.forget(oldest, old);
    }
  }

  private forget(key: string, entry: { chars: number }): void {
    if (this.answers.get(key) !== entry) return;
    this.answers.delete(key);
    this.chars -= entry.chars;
  }
}

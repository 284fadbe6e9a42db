/** The Markdown documents the chunking tests cut: guide.md, variations of it, and a generated manual. */
import { fixture } from '../../../helpers/formats.js';

export const guide = fixture('guide.md');
export const withCrlf = (text: string): string => text.replace(/\n/g, '\r\n');

/** A long manual: sections with references to definitions at the end, code with blank lines, comments. */
export function largeDocument(sections: number): string {
  const blocks = ['---\ntitle: Operations manual\nslug: ops\n---\n\n# Operations manual\n'];
  for (let i = 1; i <= sections; i++) {
    blocks.push(
      `## Task ${i}: rotate the *keys*\n`,
      `Step ${i} follows [the runbook][runbook-${i % 7}] and the [policy] page.[^audit] Ask in\n<https://chat.example/ops> or https://status.example/${i}.\n`,
      '```bash\n# rotate\nops keys rotate --all\n\n---\n# not a heading\n```\n',
      `- First, drain node ${i}.\n\n- Then restart it:\n\n      ops restart --node ${i}\n\n- Finally, check **health**.\n`,
      `<!-- reviewer notes for task ${i}\n\nkeep this section short -->\n`,
      `| Field | Meaning |\n|---|---|\n| \`id\` | Key number ${i} |\n`,
      `> Warning: keys older than ${i} days\n> are revoked automatically.\n`,
      `~~~~\n   ~~~\nstill code\n\n~~~~\n`,
    );
  }
  blocks.push(
    '[^audit]: Every rotation is logged.',
    [
      ...Array.from(
        { length: 7 },
        (_, k) => `[runbook-${k}]: https://wiki.example/runbook/${k} "Runbook ${k}"`,
      ),
      '[Policy]: /policy',
    ].join('\n'),
  );
  return blocks.join('\n');
}

/** guide.md's sections repeated after its front matter until the text is `size` characters long. */
export function repeatedGuide(size: number): string {
  const section = guide.replace(/^---[\s\S]*?\n---\n/, '');
  let text = guide;
  while (text.length < size) text += `\n${section}`;
  return text;
}

/** Documents of guide.md's lines in random order: fences, comments, lists and quotes open and close anywhere. */
export function shuffledGuides(count: number): string[] {
  const lines = guide.split('\n');
  let seed = 11;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: count }, (_, run) => {
    const picked = Array.from({ length: 5 + Math.floor(random() * 60) }, () => {
      return lines[Math.floor(random() * lines.length)] ?? '';
    });
    return run % 2 === 0 ? picked.join('\n') : withCrlf(picked.join('\n'));
  });
}

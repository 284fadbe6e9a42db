/**
 * What a WebVTT cue's markup stands for, as the specification reads cue text: the tags (voice, class,
 * language, ruby, b/i/u with their classes and annotations) and karaoke timestamps that webvtt-parser builds
 * into the cue's tree, and the characters that character references produce. WebVTT reads references as HTML
 * does (w3c/webvtt#253: every HTML named reference, the legacy ones such as `&lt` also without their
 * semicolon); webvtt-parser knows six names only, so the `entities` package's HTML decoder reads them here.
 * A translation may change any text, but none of these.
 */
import { decodeHTML } from 'entities';
import type { Tree, TreeNode, TreeNodeObjectTagNameWithRt } from 'webvtt-parser';

function tagsIn(nodes: readonly TreeNode<TreeNodeObjectTagNameWithRt>[], into: string[]): string[] {
  for (const node of nodes) {
    if (node.type === 'timestamp') into.push(`<${node.value}>`);
    if (node.type === 'object') {
      const classes = node.classes.map((c) => `.${c}`).join('');
      into.push(`<${node.name}${classes}${node.value ? ` ${node.value}` : ''}>`);
      tagsIn(node.children, into);
    }
  }
  return into;
}

/** Characters only a reference can put in cue text (a bare `<` or `&` would be read as markup). */
const REFERENCED = /[<>&\u00A0\u200E\u200F]/g;

/**
 * A cue's tags (from webvtt-parser's tree of its text) and the characters its references produce, sorted:
 * compared as multisets, like the other formats' codes.
 */
export function cueMarkup(tree: Tree, cueText: string): string[] {
  const characters = decodeHTML(cueText.replace(/<[^>]*>/g, ' ')).match(REFERENCED) ?? [];
  const referenced = characters.map((c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`);
  return [...tagsIn(tree.children, []), ...referenced].sort();
}

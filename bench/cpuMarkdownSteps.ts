/**
 * The library steps under our Markdown format, each on its own, so the report can say where its CPU goes
 * (our own steps are left out: the format reuses a parse of the same text, which repeated runs would meet).
 * micromark (the tokenizer under remark) and its GFM and front-matter extensions are imported from
 * remark-parse's and remark-gfm's own dependencies, at the versions the lockfile pins for them.
 */
import MarkdownIt from 'markdown-it';
import { parse, postprocess, preprocess } from 'micromark';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

export interface MarkdownStep {
  name: string;
  run: (text: string) => unknown;
}

const markdownIt = new MarkdownIt({ html: true, linkify: true });
const extensions = [gfm(), frontmatter(['yaml'])];
const remark = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).freeze();

export const markdownSteps: MarkdownStep[] = [
  { name: 'markdown-it `parse` alone (tokens, no HTML)', run: (text) => markdownIt.parse(text, {}) },
  {
    name: 'micromark tokenizer alone, CommonMark only (events, no tree)',
    run: (text) =>
      postprocess(
        parse()
          .document()
          .write(preprocess()(text, undefined, true)),
      ),
  },
  {
    name: 'micromark tokenizer with GFM + front matter (events, no tree)',
    run: (text) =>
      postprocess(
        parse({ extensions })
          .document()
          .write(preprocess()(text, undefined, true)),
      ),
  },
  {
    name: 'remark `parse` (micromark + mdast-util-from-markdown + GFM transforms: the tree our format reads)',
    run: (text) => remark.parse(text),
  },
];

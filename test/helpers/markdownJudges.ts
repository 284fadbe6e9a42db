/**
 * The conformance suite's Markdown readers (conformance/judges/markdownSkeletons.ts) as the format tests use
 * them: one list per reader of everything a translation must not change.
 */
import {
  commonmarkReading,
  markdownItReading,
  type MarkdownReading,
} from '../../conformance/judges/markdownSkeletons.js';

export { visibleText } from '../../conformance/judges/markdownSkeletons.js';

const skeleton = (reading: MarkdownReading): string[] => [...reading.structure, '--', ...reading.literals];

export const markdownItSkeleton = (markdown: string): string[] => skeleton(markdownItReading(markdown));

export const commonmarkSkeleton = (markdown: string): string[] => skeleton(commonmarkReading(markdown));

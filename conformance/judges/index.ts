/** The judge of each format. */
import type { FormatKey } from '../sources.js';
import { htmlJudge } from './html.js';
import type { Judge } from './judge.js';
import { jsonJudge } from './json.js';
import { markdownJudge } from './markdown.js';
import { poJudge } from './po.js';
import { srtJudge, vttJudge } from './subtitles.js';
import { xliffJudge } from './xliff.js';

export const JUDGES: Record<FormatKey, Judge> = {
  po: poJudge,
  xliff: xliffJudge,
  html: htmlJudge,
  markdown: markdownJudge,
  json: jsonJudge,
  srt: srtJudge,
  vtt: vttJudge,
};

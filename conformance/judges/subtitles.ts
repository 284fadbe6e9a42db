/**
 * Subtitles: srt-parser-2 (SubRip) and webvtt-parser (the W3C WebVTT parser and validator) read source and
 * output into cue lists: the count, each cue's id, timings and settings, and the tags inside its text must
 * be unchanged (a merged, split or retimed cue is damage); cue text measures coverage.
 */
import SrtParser from 'srt-parser-2';
import webvtt from 'webvtt-parser';
import { sumCoverage, unitCoverage } from '../coverage.js';
import { protectedDifference, type ProtectedKind } from '../placeholders.js';
import { cueMarkup } from './webvttMarkup.js';
import { accepted, DEFAULT_TARGET, firstDifference, rejected, type Judge, type Verdict } from './judge.js';

interface Cue {
  /** Id, timings and settings: what must not change. */
  frame: string;
  text: string;
  /** WebVTT: the cue's tags and referenced characters (webvttMarkup.ts); SubRip's tags are found in its text. */
  markup?: string[];
}

const TAG_KINDS: readonly ProtectedKind[] = ['html-tag', 'ass-override'];

function readSrt(text: string): { cues: Cue[]; verdict: Verdict } {
  const cues = new SrtParser()
    .fromSrt(text)
    .map((c) => ({ frame: `${c.id} ${c.startTime} --> ${c.endTime}`, text: c.text }));
  return { cues, verdict: cues.length > 0 ? accepted : rejected('srt-parser-2 finds no cue') };
}

function readVtt(text: string): { cues: Cue[]; verdict: Verdict } {
  const { cues, errors } = new webvtt.WebVTTParser().parse(text, 'metadata');
  // The metadata reading validates the file without judging cue text (as the suite always has); the subtitles
  // reading builds each cue's tree, whose own complaints are not the validator's verdict.
  const trees = new webvtt.WebVTTParser().parse(text, 'subtitles').cues.map((c) => c.tree);
  const first = errors[0];
  return {
    cues: cues.map((c, i) => ({
      frame: [
        c.id,
        c.startTime,
        c.endTime,
        c.direction,
        c.snapToLines,
        c.linePosition,
        c.lineAlign,
        c.textPosition,
        c.positionAlign,
        c.size,
        c.alignment,
      ].join(' '),
      text: c.text,
      markup: cueMarkup(trees[i] ?? { children: [] }, c.text),
    })),
    verdict: first
      ? rejected(`webvtt-parser line ${first.line}: ${first.message}`)
      : cues.length > 0
        ? accepted
        : rejected('webvtt-parser finds no cue'),
  };
}

const stripTags = (text: string): string => text.replace(/<[^>]*>|\{\\[^}]*\}/g, ' ');

function subtitleJudge(read: (text: string) => { cues: Cue[]; verdict: Verdict }): Judge {
  return {
    targetLanguage: () => DEFAULT_TARGET,
    validate: (input) => Promise.resolve(read(input.text.replace(/^\uFEFF/, '')).verdict),
    compare(input, output, language) {
      const before = read(input.text.replace(/^\uFEFF/, ''));
      const after = read(output.replace(/^\uFEFF/, ''));
      const damage: string[] = [];
      const frames = firstDifference(
        before.cues.map((c) => c.frame),
        after.cues.map((c) => c.frame),
      );
      if (before.cues.length !== after.cues.length)
        damage.push(`cues: ${before.cues.length} → ${after.cues.length}`);
      if (frames) damage.push(`cue id, timing or settings changed ${frames}`);
      const coverage = before.cues.map((cue, i) => {
        const text = after.cues[i]?.text ?? '';
        const tags = protectedDifference(cue.text, text, TAG_KINDS);
        if (tags) damage.push(`cue ${i + 1}: tags ${tags}`);
        const markup = cue.markup && firstDifference(cue.markup, after.cues[i]?.markup ?? []);
        if (markup) damage.push(`cue ${i + 1}: markup (tags, referenced characters) ${markup}`);
        return unitCoverage(stripTags(cue.text), stripTags(text), language);
      });
      return Promise.resolve({ valid: after.verdict, damage, coverage: sumCoverage(coverage) });
    },
  };
}

export const srtJudge = subtitleJudge(readSrt);
export const vttJudge = subtitleJudge(readVtt);

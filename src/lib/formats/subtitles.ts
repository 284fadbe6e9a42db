export { srtFormat } from './subtitles/subrip.js';
export { vttFormat } from './subtitles/webvtt.js';

/** The part of webvtt-parser's API the suite uses (the package ships no types). */
declare module 'webvtt-parser' {
  export interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    direction: string;
    snapToLines: boolean;
    linePosition: number | 'auto';
    lineAlign: string;
    textPosition: number | 'auto';
    positionAlign: string;
    size: number;
    alignment: string;
  }
  export interface WebVTTError {
    message: string;
    line: number;
    col: number;
  }
  interface WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: WebVTTCue[]; errors: WebVTTError[] };
  }
  /** CommonJS: the parser is a property of `module.exports`, not a named ES export. */
  const webvtt: { WebVTTParser: new () => WebVTTParser };
  export default webvtt;
}

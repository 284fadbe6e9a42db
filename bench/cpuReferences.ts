/**
 * The fastest maintained parser of each format (parse, then write it back out), run on the same inputs as
 * the format's own code in the CPU benchmark (bench/cpu.ts).
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { po } from 'gettext-parser';
import { DomUtils, parseDocument } from 'htmlparser2';
import MarkdownIt from 'markdown-it';
import SrtParser from 'srt-parser-2';
import webvtt from 'webvtt-parser';

export interface Reference {
  /** What was run, as the report names it. */
  name: string;
  run: (text: string) => unknown;
}

const markdownIt = new MarkdownIt({ html: true, linkify: true });
const srt = new SrtParser();
const vttParser = new webvtt.WebVTTParser();
const vttSerializer = new webvtt.WebVTTSerializer();
const xmlOptions = { ignoreAttributes: false, preserveOrder: true, processEntities: false };
const xmlParser = new XMLParser(xmlOptions);
const xmlBuilder = new XMLBuilder(xmlOptions);
const BLANK_LINES = /\n[ \t]*\r?\n/;

/** Keyed by our format id (src/lib/formats/*). */
export const REFERENCES: Readonly<Record<string, Reference>> = {
  markdown: {
    name: 'markdown-it 15 `render` (parse to tokens + HTML; html and linkify on, GFM tables and strikethrough)',
    run: (text) => markdownIt.render(text),
  },
  html: {
    name: 'htmlparser2 12 `parseDocument` + `DomUtils.getOuterHTML`',
    run: (text) => DomUtils.getOuterHTML(parseDocument(text)),
  },
  json: { name: '`JSON.parse` + `JSON.stringify`', run: (text) => JSON.stringify(JSON.parse(text)) },
  gettext: {
    name: 'gettext-parser 10 `po.parse` + `po.compile`',
    run: (text) => po.compile(po.parse(text)),
  },
  xliff: {
    name: 'fast-xml-parser 5 `XMLParser.parse` + `XMLBuilder.build` (order and attributes kept)',
    run: (text) => xmlBuilder.build(xmlParser.parse(text)),
  },
  srt: { name: 'srt-parser-2 `fromSrt` + `toSrt`', run: (text) => srt.toSrt(srt.fromSrt(text)) },
  vtt: {
    name: 'webvtt-parser `parse` + `WebVTTSerializer.serialize`',
    run: (text) => vttSerializer.serialize(vttParser.parse(text, 'metadata').cues),
  },
  text: {
    name: 'no parser library exists; the floor: `split` on blank lines + `join`',
    run: (text) => text.split(BLANK_LINES).join('\n\n'),
  },
};

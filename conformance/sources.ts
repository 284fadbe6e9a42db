/**
 * The pinned real-world inputs: Debian bookworm source packages (upstream tarballs) and npm packages, each with
 * the files taken from it per format. Nothing here is committed content: the runner fetches these through apt
 * and npm and caches them under `.cache/conformance/`. Changing a pin changes the baseline in docs/conformance.md.
 */
import { MARKDOWN_PACKAGES } from './markdownPackages.js';
import { SUBTITLE_PACKAGES } from './subtitlePackages.js';

export type FormatKey = 'po' | 'xliff' | 'html' | 'markdown' | 'json' | 'srt' | 'vtt';
export const FORMATS: readonly FormatKey[] = ['po', 'xliff', 'html', 'markdown', 'json', 'srt', 'vtt'];

export interface FileRule {
  format: FormatKey;
  /** Matched against the path inside the unpacked package. */
  include: RegExp;
  exclude?: RegExp;
}

export type Origin =
  { kind: 'debian'; package: string; version: string } | { kind: 'npm'; name: string; version: string };

export interface Source {
  /** The row of the report: several sources may share one project. */
  project: string;
  origin: Origin;
  files: readonly FileRule[];
  /** Examples of the CommonMark spec, each read as one Markdown file. */
  specExamples?: true;
  /** Other files the suite needs from the package (not judged): the XLIFF schemas. */
  keep?: RegExp;
}

const debian = (project: string, pkg: string, version: string, files: FileRule[]): Source => ({
  project,
  origin: { kind: 'debian', package: pkg, version },
  files,
});
const npm = (project: string, spec: string, files: FileRule[]): Source => {
  const at = spec.lastIndexOf('@');
  return { project, origin: { kind: 'npm', name: spec.slice(0, at), version: spec.slice(at + 1) }, files };
};

const PO: FileRule = { format: 'po', include: /\.pot?$/ };
const MARKDOWN_FILES: FileRule = {
  format: 'markdown',
  include: /\.(md|markdown)$/i,
  exclude: /node_modules\//,
};

export const SOURCES: readonly Source[] = [
  // PO catalogues: GNU Translation Project, Xfce (Transifex: es/pt/it declare nplurals=3), git (git-gui, gitk).
  debian('git', 'git', '1:2.39.5-0+deb12u3', [PO, { ...MARKDOWN_FILES, exclude: /^t\// }]),
  debian('grep', 'grep', '3.8-5', [PO]),
  debian('sed', 'sed', '4.9-1+deb12u1', [PO]),
  debian('nano', 'nano', '7.2-1+deb12u1', [PO, { format: 'html', include: /^doc\/.*\.html$/ }]),
  debian('wget', 'wget', '1.21.3-1+deb12u1', [PO]),
  debian('xfce4-terminal', 'xfce4-terminal', '1.0.4-1', [PO]),
  debian('thunar', 'thunar', '4.18.4-1', [PO, { format: 'html', include: /^docs\/.*\.html$/ }]),
  debian('xfce4-panel', 'xfce4-panel', '4.18.2-1', [PO, { format: 'html', include: /^docs\/.*\.html$/ }]),
  // XLIFF 1.2 and 2.0 (Symfony's validator, security and form messages, its loader's test files) and the
  // OASIS XLIFF 1.2 strict and 2.0 schemas that Symfony ships and xmllint validates against.
  {
    ...debian('symfony', 'symfony', '5.4.53+dfsg-0+deb12u1', [
      { format: 'xliff', include: /\.(xlf|xliff)$/ },
      { ...MARKDOWN_FILES, exclude: /\/Tests\// },
    ]),
    keep: /^src\/Symfony\/Component\/Translation\/Resources\/schemas\/.*\.xsd$/,
  },
  // HTML manuals and API references.
  debian('libxml2', 'libxml2', '2.9.14+dfsg-1.3~deb12u6', [{ format: 'html', include: /^doc\/.*\.html?$/ }]),
  debian('libxslt', 'libxslt', '1.1.35-1+deb12u4', [{ format: 'html', include: /^doc\/.*\.html?$/ }]),
  debian('pcre2', 'pcre2', '10.42-1', [{ format: 'html', include: /^doc\/html\/.*\.html$/ }]),
  // Markdown: the CommonMark spec's examples, and the READMEs and changelogs of npm packages.
  { ...npm('commonmark-spec', 'commonmark-spec@0.31.2', []), specExamples: true },
  ...MARKDOWN_PACKAGES.map((spec) => npm('npm packages', spec, [MARKDOWN_FILES])),
  // i18n JSON: ICU (`{count}`, plural), i18next (`{{maximum}}`, `$t()`), vee-validate (`0:{_field_}`), plain.
  npm('docusaurus', '@docusaurus/theme-translations@3.10.2', [
    { format: 'json', include: /^locales\/.*\.json$/ },
  ]),
  npm('i18n-iso-countries', 'i18n-iso-countries@7.14.0', [{ format: 'json', include: /^langs\/.*\.json$/ }]),
  npm('vee-validate', '@vee-validate/i18n@4.15.1', [{ format: 'json', include: /^dist\/locale\/.*\.json$/ }]),
  npm('zod-i18n-map', 'zod-i18n-map@2.27.0', [{ format: 'json', include: /^locales\/.*\.json$/ }]),
  npm('shopify-polaris', '@shopify/polaris@13.9.5', [{ format: 'json', include: /^locales\/.*\.json$/ }]),
  npm('react-phone-number-input', 'react-phone-number-input@3.4.14', [
    { format: 'json', include: /^locale\/.*\.json$/ },
  ]),
  npm('emoji-mart', '@emoji-mart/data@1.2.1', [{ format: 'json', include: /^i18n\/.*\.json$/ }]),
  // Subtitles: test suites and fixtures of subtitle libraries, video players' captions (subtitlePackages.ts).
  ...SUBTITLE_PACKAGES.map((p) => npm(p.project, p.spec, p.files)),
];

export const originId = (origin: Origin): string =>
  origin.kind === 'debian' ? `${origin.package}=${origin.version}` : `${origin.name}@${origin.version}`;

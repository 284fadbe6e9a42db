/**
 * Benchmark 7c: planning and the dry run of the same container into one target language and into several.
 * Planning costs per item (a row and a message for each file and language); the dry run's reading and
 * parsing is per file wherever a format's segments do not follow the target language.
 */
import { measureDryRun, measurePlanning, withFreshSource } from './estimate.js';
import { EMULATOR_NAMES, type EmulatorKind } from './storage.js';

export interface LanguagesTiming {
  kind: EmulatorKind;
  languages: string[];
  planSeconds: number;
  dryRunSeconds: number;
  planCpu: { azurite: number; app: number };
  dryRunCpu: { azurite: number; app: number };
  estimatedCharacters: number;
}

const request = (languages: readonly string[]) => ({
  source_container: 'bench-source',
  target_container: 'bench-target',
  target_languages: languages,
});

export async function measureLanguages(
  blobs: number,
  languageSets: readonly (readonly string[])[],
  kinds: readonly EmulatorKind[],
  log: (line: string) => void,
): Promise<{ blobs: number; timings: LanguagesTiming[] }> {
  const timings: LanguagesTiming[] = [];
  for (const kind of kinds) {
    for (const languages of languageSets) {
      log(`  ${languages.join(',')} on ${kind}: planning only...`);
      const plan = await withFreshSource(blobs, log, (s) => measurePlanning(s, request(languages)), kind);
      log(`  ${languages.join(',')} on ${kind}: dry run...`);
      const dry = await measureDryRun(blobs, log, request(languages), kind);
      log(`  planned in ${plan.seconds.toFixed(1)} s, estimated in ${dry.seconds.toFixed(1)} s`);
      timings.push({
        kind,
        languages: [...languages],
        planSeconds: plan.seconds,
        dryRunSeconds: dry.seconds,
        planCpu: { azurite: plan.azuriteCpu, app: plan.appCpu },
        dryRunCpu: { azurite: dry.azuriteCpu, app: dry.appCpu },
        estimatedCharacters: dry.estimate.total.characters,
      });
    }
  }
  return { blobs, timings };
}

const f1 = (n: number) => n.toFixed(1);

/** The report's lines for 7c. */
export function languagesSection(r: { blobs: number; timings: LanguagesTiming[] }): string[] {
  return [
    '### 7c. One target language and several',
    '',
    `**Method.** As 7a, ${r.blobs.toLocaleString('en-US')} blobs, each job on a fresh emulator, once into one target language and once into several. Planning writes a row and sends a message for every file and language; the dry run reads, scans and checks the cache for every file and language too, but parses each file once for all its languages where the format's segments do not depend on the target (every format but gettext, whose plural forms follow the target's rule). CPU: the emulator's, then this process's (app).`,
    '',
    '| emulator | target languages | time to plan (CPU) | dry run to `estimated` (CPU) | dry run ÷ planning | estimated characters |',
    '| --- | --- | --- | --- | --- | --- |',
    ...r.timings.map(
      (t) =>
        `| ${EMULATOR_NAMES[t.kind]} | ${t.languages.join(', ')} | ${f1(t.planSeconds)} s (${f1(t.planCpu.azurite)} s, app ${f1(t.planCpu.app)} s) | ${f1(t.dryRunSeconds)} s (${f1(t.dryRunCpu.azurite)} s, app ${f1(t.dryRunCpu.app)} s) | ${f1(t.dryRunSeconds / t.planSeconds)}× | ${t.estimatedCharacters.toLocaleString('en-US')} |`,
    ),
    '',
  ];
}

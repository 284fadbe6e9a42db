/** A Dockerfile read as text: its stages and their instructions (continuation lines joined, comments dropped). */
export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name: string;
  image: string;
  instructions: DockerInstruction[];
}

export function dockerStages(text: string): DockerStage[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && current === '') continue;
    if (/^\s*#/.test(line)) continue; // a comment inside a continued instruction
    const continued = /\\\s*$/.test(line);
    current += `${line.replace(/\\\s*$/, '')} `;
    if (!continued) {
      if (current.trim()) logical.push(current.trim());
      current = '';
    }
  }
  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!match) throw new Error(`cannot read ${line}`);
      stages.push({ image: match[1] ?? '', name: match[2] ?? String(stages.length), instructions: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) continue; // ARG before the first FROM
      stage.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** The last argument string of an instruction in a stage (`CMD`, `USER`, ...), which must exist. */
export function lastInstruction(stage: DockerStage, keyword: string): string {
  const found = stage.instructions.filter((i) => i.keyword === keyword).at(-1);
  if (!found) throw new Error(`stage ${stage.name} has no ${keyword}`);
  return found.args;
}

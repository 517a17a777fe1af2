/**
 * Test support: reads the Prometheus text exposition format (version 0.0.4) into samples, undoing the
 * escapes of label values (\\, \" and \n), so tests compare real values rather than raw text.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  samples: Sample[];
  /** `# TYPE` per metric family name. */
  types: Map<string, string>;
  help: Map<string, string>;
}

export function parseExposition(text: string): Exposition {
  const out: Exposition = { samples: [], types: new Map(), help: new Map() };
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][\w:]*) ?(.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'TYPE' ? out.types : out.help).set(meta[2]!, meta[3]!);
      return;
    }
    if (line.startsWith('#')) return;
    out.samples.push(sampleLine(line, i + 1));
  });
  return out;
}

function sampleLine(line: string, lineNo: number): Sample {
  const fail = (why: string) => new Error(`metrics line ${lineNo}: ${why}: ${JSON.stringify(line)}`);
  const name = /^[a-zA-Z_:][\w:]*/.exec(line)?.[0];
  if (!name) throw fail('no metric name');
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos++;
    while (line[pos] !== '}') {
      const key = /^[a-zA-Z_]\w*/.exec(line.slice(pos))?.[0];
      if (!key || line.slice(pos + key.length, pos + key.length + 2) !== '="') throw fail(`bad label at column ${pos + 1}`);
      pos += key.length + 2;
      let value = '';
      for (;;) {
        const c = line[pos++];
        if (c === undefined) throw fail(`unterminated value of label ${key}`);
        if (c === '"') break;
        if (c !== '\\') {
          value += c;
          continue;
        }
        const e = line[pos++];
        if (e === 'n') value += '\n';
        else if (e === '\\' || e === '"') value += e;
        else throw fail(`bad escape \\${e ?? ''} in label ${key}`);
      }
      labels[key] = value;
      if (line[pos] === ',') pos++;
      else if (line[pos] !== '}') throw fail(`expected , or } at column ${pos + 1}`);
    }
    pos++;
  }
  const rest = line.slice(pos).trim().split(/\s+/);
  // Prometheus reads floats as Go does (NaN in any case; prom-client writes "Nan").
  const value = rest[0] === '+Inf' ? Infinity : rest[0] === '-Inf' ? -Infinity : Number(rest[0]);
  if (rest[0] === undefined || rest[0] === '' || (Number.isNaN(value) && rest[0].toLowerCase() !== 'nan')) throw fail('bad value');
  return { name, labels, value };
}

/** Samples of `name` whose labels include every pair in `labels`. */
export function samplesOf(exp: Exposition, name: string, labels: Record<string, string> = {}): Sample[] {
  return exp.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** The one sample of `name` with these labels; throws when there is none or more than one. */
export function sampleValue(exp: Exposition, name: string, labels: Record<string, string> = {}): number {
  const found = samplesOf(exp, name, labels);
  if (found.length !== 1) throw new Error(`expected one sample ${name}${JSON.stringify(labels)}, found ${found.length}`);
  return found[0]!.value;
}

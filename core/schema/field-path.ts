/**
 * Field paths as processors and validators write them: `spec.rules[0].http.paths[1].backend`, with map
 * keys that contain dots in brackets (`data[tls.crt]`, `metadata.annotations[example.com/x]`).
 */
export type PathSegment = string | number;

export function parseFieldPath(fieldPath: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  let word = '';
  const flush = (): void => {
    if (word !== '') out.push(word);
    word = '';
  };
  while (i < fieldPath.length) {
    const c = fieldPath[i]!;
    if (c === '.') {
      flush();
      i++;
    } else if (c === '[') {
      flush();
      const close = fieldPath.indexOf(']', i);
      const inner = fieldPath.slice(i + 1, close < 0 ? fieldPath.length : close);
      i = close < 0 ? fieldPath.length : close + 1;
      out.push(/^\d+$/.test(inner) ? Number(inner) : unquote(inner));
    } else {
      word += c;
      i++;
    }
  }
  flush();
  return out;
}

/** Builds `base.key`, or `base[key]` when the key would not survive the dotted form. */
export function fieldOf(base: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return base ? `${base}.${key}` : key;
  return `${base}[${key}]`;
}

export function itemOf(base: string, index: number): string {
  return `${base}[${index}]`;
}

function unquote(s: string): string {
  const m = /^(['"])(.*)\1$/.exec(s);
  return m ? m[2]! : s;
}

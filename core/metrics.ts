/** A tiny Prometheus text-format registry: counters and gauges, no labels beyond a fixed set. */
export class Metrics {
  private readonly values = new Map<string, { help: string; type: 'counter' | 'gauge'; series: Map<string, number> }>();

  counter(name: string, help: string, labels: Record<string, string> = {}, by = 1): void {
    const s = this.family(name, help, 'counter').series;
    const k = labelText(labels);
    s.set(k, (s.get(k) ?? 0) + by);
  }

  gauge(name: string, help: string, value: number, labels: Record<string, string> = {}): void {
    this.family(name, help, 'gauge').series.set(labelText(labels), value);
  }

  text(): string {
    const lines: string[] = [];
    for (const [name, f] of [...this.values].sort(([a], [b]) => (a < b ? -1 : 1))) {
      lines.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
      for (const [labels, v] of [...f.series].sort(([a], [b]) => (a < b ? -1 : 1))) lines.push(`${name}${labels} ${v}`);
    }
    return lines.join('\n') + '\n';
  }

  private family(name: string, help: string, type: 'counter' | 'gauge') {
    let f = this.values.get(name);
    if (!f) this.values.set(name, (f = { help, type, series: new Map() }));
    return f;
  }
}

export const MetricsId = Symbol.for('isobar.Metrics');

function labelText(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${labels[k]!.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}

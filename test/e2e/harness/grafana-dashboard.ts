/**
 * Reads a Grafana dashboard model (JSON) for tests: its panels (rows' nested panels too), their Prometheus
 * targets, and the expressions with the dashboard's variables replaced as Grafana would with every
 * variable on "All".
 */
import { readFileSync } from 'node:fs';

export interface DashboardTarget {
  refId: string;
  expr: string;
  datasource?: { type?: string; uid?: string };
}

export interface DashboardPanel {
  id: number;
  type: string;
  title: string;
  gridPos?: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: DashboardTarget[];
  panels?: DashboardPanel[];
}

export interface DashboardVariable {
  type: string;
  name: string;
  query?: unknown;
  includeAll?: boolean;
  allValue?: string;
}

export interface Dashboard {
  title: string;
  uid: string;
  schemaVersion: number;
  panels: DashboardPanel[];
  templating: { list: DashboardVariable[] };
}

export function loadDashboard(file: string): Dashboard {
  return JSON.parse(readFileSync(file, 'utf8')) as Dashboard;
}

/** Every panel that is not a row, in order, rows' collapsed panels included. */
export function dataPanels(d: Dashboard): DashboardPanel[] {
  return d.panels.flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]));
}

/**
 * `expr` with the dashboard's variables as Grafana sends them when each is on "All" (its allValue), and
 * Grafana's built-in interval variables as `rangeInterval`.
 */
export function substitute(d: Dashboard, expr: string, rangeInterval: string): string {
  const values = new Map<string, string>([
    ['__rate_interval', rangeInterval],
    ['__interval', rangeInterval],
    ['__range', rangeInterval],
  ]);
  for (const v of d.templating.list) {
    if (v.type === 'query' || v.type === 'custom') {
      if (!v.includeAll || v.allValue === undefined) throw new Error(`variable ${v.name} has no allValue to substitute`);
      values.set(v.name, v.allValue);
    }
  }
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare!;
    const value = values.get(name);
    if (value === undefined) throw new Error(`unknown variable ${whole} in ${expr}`);
    return value;
  });
}

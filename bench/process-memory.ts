/**
 * Where a process's resident memory is, from /proc/<pid>/smaps: mappings grouped by name, with V8's
 * 256 KiB heap pages, other anonymous mappings and malloc's [heap] apart. For a bench's diagnosis.
 */
import { readFile } from 'node:fs/promises';

export async function residentByMapping(pid: number, top = 8): Promise<Array<{ mapping: string; count: number; rssMiB: number }>> {
  const text = await readFile(`/proc/${pid}/smaps`, 'utf8');
  const groups = new Map<string, { count: number; rssKiB: number }>();
  let current: { count: number; rssKiB: number } | undefined;
  for (const line of text.split('\n')) {
    const head = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const bytes = parseInt(head[2]!, 16) - parseInt(head[1]!, 16);
      const name = head[3] || (bytes === 256 * 1024 ? '(anonymous 256 KiB: V8 pages)' : bytes >= 2 ** 20 ? '(anonymous, large)' : '(anonymous, small)');
      current = groups.get(name) ?? { count: 0, rssKiB: 0 };
      current.count++;
      groups.set(name, current);
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss && current) current.rssKiB += Number(rss[1]);
  }
  return [...groups]
    .map(([mapping, g]) => ({ mapping, count: g.count, rssMiB: Math.round(g.rssKiB / 102.4) / 10 }))
    .sort((a, b) => b.rssMiB - a.rssMiB)
    .slice(0, top);
}

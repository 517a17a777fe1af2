import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KubeObjectLike } from './resource-mapper.js';

interface Mount {
  name: string;
  mountPath: string;
}

export interface ContainerSpec {
  name: string;
  args?: string[];
  volumeMounts?: Mount[];
}

/**
 * A pod's volumes laid out under a local directory, so a container's command line can run here with
 * its paths mapped: /certs/tls.crt → <dir>/xds-server-cert/tls.crt. `files` gives each volume's content
 * by volume name (emptyDirs need none).
 */
export class PodVolumes {
  constructor(readonly root: string) {}

  async populate(files: Record<string, Record<string, string>>): Promise<void> {
    for (const [volume, content] of Object.entries(files)) {
      await mkdir(this.dir(volume), { recursive: true });
      for (const [name, text] of Object.entries(content)) await writeFile(path.join(this.dir(volume), name), text, { mode: 0o600 });
    }
  }

  dir(volume: string): string {
    return path.join(this.root, volume);
  }

  /**
   * The container's args with every mounted path rewritten, and $(VAR) references filled from `env`.
   * `seenBy` adds other containers' mounts: paths an init container writes for another container to read.
   */
  async argsOf(container: ContainerSpec, env: Record<string, string> = {}, seenBy: ContainerSpec[] = []): Promise<string[]> {
    const mounts = [container, ...seenBy].flatMap((c) => c.volumeMounts ?? []).sort((a, b) => b.mountPath.length - a.mountPath.length);
    for (const m of mounts) await mkdir(this.dir(m.name), { recursive: true });
    return (container.args ?? []).map((arg) => {
      let out = arg.replace(/\$\((\w+)\)/g, (_, v: string) => env[v] ?? `$(${v})`);
      const m = mounts.find((x) => out === x.mountPath || out.startsWith(`${x.mountPath}/`));
      if (m) out = this.dir(m.name) + out.slice(m.mountPath.length);
      return out;
    });
  }
}

/** The pod template's containers (init containers first) of a Deployment. */
export function podContainers(deployment: KubeObjectLike): { init: ContainerSpec[]; containers: ContainerSpec[] } {
  const spec = (deployment['spec'] as { template: { spec: { initContainers?: ContainerSpec[]; containers: ContainerSpec[] } } }).template.spec;
  return { init: spec.initContainers ?? [], containers: spec.containers };
}

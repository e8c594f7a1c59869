/**
 * Everything the server knows about the open checkout: the source index (one file re-indexed per
 * edit), settings, the topology in use, files it could not index, and a reverse map site → targets.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  DEFAULT_TOPOLOGY,
  DEFAULT_CILIUM_VERSION,
  parseCiliumVersion,
  parseTopology,
  SourceIndex,
  versionFromFile,
  type Declaration,
  type FileIndex,
  type TailCallSite,
  type Topology,
} from '../core';
import { findCheckoutSync, indexDiskFileSync, type CheckoutFiles } from '../node-io/read-checkout';
import { DEFAULT_SETTINGS, type ServerSettings } from '../protocol/lsp-protocol';

export interface Caller {
  file: string;
  site: TailCallSite;
}

export class WorkspaceState {
  readonly index = new SourceIndex();
  settings: ServerSettings = DEFAULT_SETTINGS;
  root: string | undefined;
  topology: Topology = DEFAULT_TOPOLOGY;
  topologyError: string | undefined;
  topologySource = 'bundled default (the seed documents)';
  indexMillis = 0;
  /** files that could not be indexed, by relative path → reason (each reported once) */
  readonly problems = new Map<string, string>();
  private callers: Map<string, Caller[]> | undefined;
  generation = 0;

  constructor(private readonly workspaceFolders: string[]) {}

  /** Finds the checkout (a folder with bpf/, the folder itself, or one level down) and indexes it. */
  /** True once the whole tree has been indexed (requests may be answered earlier; see main.ts). */
  scanned = false;

  async scan(): Promise<void> {
    const checkout = await this.locate();
    if (checkout) await this.indexTree(checkout);
  }

  /** Finds the checkout (a folder with bpf/, the folder itself, or one level down); reads nothing else. */
  async locate(): Promise<CheckoutFiles | undefined> {
    this.scanStarted = performance.now();
    for (const folder of this.workspaceFolders) {
      const candidates = [folder];
      try {
        for (const e of await readdir(folder, { withFileTypes: true }))
          if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
            candidates.push(join(folder, e.name));
      } catch {
        /* unreadable folder: nothing to index */
      }
      for (const dir of candidates) {
        const checkout = findCheckoutSync(dir);
        if (!checkout) continue;
        this.root = checkout.root;
        this.index.versionText = checkout.versionText;
        return checkout;
      }
    }
    this.indexMillis = performance.now() - this.scanStarted;
    this.scanned = true;
    return undefined;
  }

  /**
   * Indexes every file of the checkout with synchronous reads, yielding to the event loop every few
   * files so that the open document's lenses can be answered while the rest of the tree is read.
   */
  async indexTree(checkout: CheckoutFiles): Promise<void> {
    const root = checkout.root;
    let slice = performance.now();
    for (const file of checkout.files) {
      this.setEntry(indexDiskFileSync(root, file));
      // yield every few milliseconds (not every n files: a cold file can take 10 ms)
      if (performance.now() - slice > 4) {
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      }
    }
    this.indexMillis = performance.now() - this.scanStarted;
    this.scanned = true;
    this.touch();
  }

  private scanStarted = 0;

  private setEntry(entry: FileIndex): void {
    this.index.set(entry);
    if (entry.error) this.problems.set(entry.path, entry.error);
    else this.problems.delete(entry.path);
  }

  private touch(): void {
    this.callers = undefined;
    this.generation++;
  }

  /** Relative path of a URI inside the checkout's bpf/ tree, or undefined. */
  relPath(uri: string): string | undefined {
    if (!this.root || !uri.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const rel = relative(this.root, path).split(sep).join('/');
    if (rel.startsWith('..') || !/^(.*\/)?bpf\//.test(rel) || !/\.(c|h)$/.test(rel)) return undefined;
    return rel;
  }

  uriOf(rel: string): string {
    return pathToFileURL(join(this.root ?? '/', rel)).toString();
  }

  /** Re-indexes one document from the editor's text: the rest of the tree is untouched. */
  updateText(uri: string, text: string): FileIndex | undefined {
    const rel = this.relPath(uri);
    if (!rel) return undefined;
    const entry = this.index.update(rel, text);
    this.setEntry(entry);
    this.touch();
    return entry;
  }

  /** Re-reads one file from disk; a file that no longer exists (deleted, renamed) leaves the index. */
  async reloadFromDisk(uri: string): Promise<void> {
    const rel = this.relPath(uri);
    if (!rel || !this.root) return;
    const file = join(this.root, rel);
    try {
      await access(file);
    } catch {
      this.remove(uri);
      return;
    }
    this.setEntry(indexDiskFileSync(this.root, file));
    this.touch();
  }

  remove(uri: string): void {
    const rel = this.relPath(uri);
    if (rel && this.index.remove(rel)) {
      this.problems.delete(rel);
      this.touch();
    }
  }

  /** The Cilium version the model uses: the setting, else the checkout's VERSION, else the default. */
  version(): string {
    if (this.settings.ciliumVersion && this.settings.ciliumVersion !== 'auto') {
      try {
        return parseCiliumVersion(this.settings.ciliumVersion).label;
      } catch {
        /* an invalid setting falls back to auto; the status reports the setting */
      }
    }
    return this.detectedVersion() ?? DEFAULT_CILIUM_VERSION;
  }

  detectedVersion(): string | undefined {
    return versionFromFile(this.index.versionText)?.label;
  }

  async loadTopology(): Promise<void> {
    const file = this.settings.topologyFile;
    this.topologyError = undefined;
    if (!file) {
      this.topology = DEFAULT_TOPOLOGY;
      this.topologySource = 'bundled default (the seed documents)';
      return;
    }
    const base = this.workspaceFolders[0] ?? process.cwd();
    const path = isAbsolute(file) ? file : join(base, file);
    this.topologySource = path;
    try {
      this.topology = parseTopology(await readFile(path, 'utf8'), `Topology file ${path}`);
    } catch (e) {
      this.topology = DEFAULT_TOPOLOGY;
      this.topologyError =
        (e as NodeJS.ErrnoException).code === 'ENOENT'
          ? `Topology file ${path} does not exist; using the bundled default.`
          : `${(e as Error).message} Using the bundled default.`;
    }
  }

  /** Reverse map: "file:line" of a target declaration → the sites that land on it. */
  callersOf(file: string, declaration: Declaration): Caller[] {
    if (!this.callers) {
      const map = new Map<string, Caller[]>();
      for (const f of this.index.all()) {
        for (const site of f.sites) {
          for (const t of this.index.targetsOf(f.path, site)) {
            const key = `${t.file}:${t.declaration.line}`;
            const list = map.get(key) ?? [];
            list.push({ file: f.path, site });
            map.set(key, list);
          }
        }
      }
      this.callers = map;
    }
    return this.callers.get(`${file}:${declaration.line}`) ?? [];
  }
}

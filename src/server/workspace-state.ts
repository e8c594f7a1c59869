import type { ConfigLayer } from '../core/model/cilium-config';
/**
 * Everything the server knows about the open checkout: the source index (one file re-indexed per
 * edit), settings, the topology in use, files it could not index, and a reverse map site → targets.
 */
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
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
  type Caller,
  type Topology,
} from '../core';
import { diskTextEquals, indexDiskFileSync, isInside, type CheckoutFiles } from '../node-io/read-checkout';
import { FileReadError, MAX_TOPOLOGY_BYTES, readRegularFileSync } from '../node-io/read-regular-file';
import { DEFAULT_SETTINGS, type ServerSettings } from '../protocol/lsp-protocol';
import { loadPolicyFiles, MAX_FILE_CHARS, type PolicySet } from '../core/policy';

export type { Caller };

/**
 * One checkout (a folder with its own bpf/ tree and VERSION) inside a workspace folder, with that
 * folder's settings and topology. A window may hold several (multi-root, or sibling checkouts in one
 * folder): each is answered from its own index and release.
 */
export class WorkspaceState {
  readonly index = new SourceIndex();
  settings: ServerSettings = DEFAULT_SETTINGS;
  root: string | undefined;
  /** the checkout's bpf/ folder (documents outside it are not this checkout's) and its real path */
  bpfDir: string | undefined;
  private bpfReal: string | undefined;
  topology: Topology = DEFAULT_TOPOLOGY;
  topologyError: string | undefined;
  topologySource = 'bundled default (the seed documents)';
  /** the policies traces apply (settings' policyFiles, then the topology's), when any */
  policies: PolicySet | undefined;
  policyError: string | undefined;
  indexMillis = 0;
  /** files that could not be indexed, by relative path → reason (each reported once) */
  readonly problems = new Map<string, string>();
  generation = 0;
  /** True once the whole tree has been indexed (requests may be answered earlier; see main.ts). */
  scanned = false;
  private scanStarted = performance.now();

  /** `folder`: the workspace folder the checkout belongs to (settings scope, relative topology paths) */
  constructor(readonly folder: string | undefined) {}

  /** Takes a located checkout: root, bpf/ folder, VERSION and what could not be read. */
  adopt(checkout: CheckoutFiles): void {
    this.root = checkout.root;
    this.bpfDir = checkout.bpfDir;
    this.bpfReal = checkout.bpfReal;
    this.index.versionText = checkout.versionText;
    for (const p of checkout.problems) this.problems.set(p.path, p.reason);
  }

  /**
   * Indexes every file of the checkout with synchronous reads, yielding to the event loop every few
   * milliseconds so that the open document's lenses can be answered while the rest of the tree is read.
   */
  async indexTree(checkout: CheckoutFiles): Promise<void> {
    const root = checkout.root;
    let slice = performance.now();
    for (const file of checkout.files) {
      this.setEntry(this.readFromDisk(root, file));
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

  /** Which version of each file on disk its entry was read from; none for an entry made from an editor's text. */
  private readonly diskStamps = new Map<string, string>();

  private readFromDisk(root: string, file: string): FileIndex {
    let stamp: string | undefined;
    const entry = indexDiskFileSync(root, file, { onRead: (s) => (stamp = s) });
    if (stamp && !entry.error) this.diskStamps.set(entry.path, stamp);
    else this.diskStamps.delete(entry.path);
    return entry;
  }

  private setEntry(entry: FileIndex): void {
    this.index.set(entry);
    if (entry.error) this.problems.set(entry.path, entry.error);
    else this.problems.delete(entry.path);
  }

  private touch(): void {
    this.generation++;
  }

  /** The file path of a URI when it lies inside this checkout's bpf/ tree (lexically), else undefined. */
  private pathOf(uri: string): string | undefined {
    if (!this.root || !this.bpfDir || !uri.startsWith('file:')) return undefined;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    return isInside(this.bpfDir, path) && /\.(c|h)$/.test(path) ? path : undefined;
  }

  /** Relative path of a URI inside the checkout's own bpf/ tree, or undefined (other bpf/ folders too). */
  relPath(uri: string): string | undefined {
    const path = this.pathOf(uri);
    return path && this.root ? relative(this.root, path).split(sep).join('/') : undefined;
  }

  uriOf(rel: string): string {
    return pathToFileURL(join(this.root ?? '/', rel)).toString();
  }

  /**
   * A document just opened: true when the index already holds its file as read from disk and the
   * editor's text is that file's (nothing to re-index), else false.
   */
  indexedAsOnDisk(uri: string, text: string): boolean {
    const path = this.pathOf(uri);
    const rel = this.relPath(uri);
    const stamp = rel ? this.diskStamps.get(rel) : undefined;
    return !!path && !!stamp && this.index.get(rel!) !== undefined && diskTextEquals(path, text, stamp);
  }

  /** Re-indexes one document from the editor's text: the rest of the tree is untouched. */
  updateText(uri: string, text: string): FileIndex | undefined {
    const rel = this.relPath(uri);
    if (!rel) return undefined;
    this.diskStamps.delete(rel);
    const entry = this.index.update(rel, text);
    this.setEntry(entry);
    this.touch();
    return entry;
  }

  /**
   * A document's text changed without changing its index (an inert edit, see
   * core/indexer/index-inert-edit.ts): the entry keeps its declarations, sites and caches; what reads
   * the text itself (anchors through inlined helpers) sees a new generation.
   */
  textChanged(uri: string, length: number): void {
    const rel = this.relPath(uri);
    const entry = rel ? this.index.get(rel) : undefined;
    if (entry) entry.bytes = length;
    this.touch();
  }

  /**
   * Re-reads one file from disk; a file that no longer exists (deleted, renamed) leaves the index.
   * A path whose real location is outside the checkout's bpf/ tree (a symlinked folder) is not read.
   */
  reloadFromDisk(uri: string): void {
    const path = this.pathOf(uri);
    const rel = this.relPath(uri);
    if (!path || !rel || !this.root) return;
    let real: string;
    try {
      real = realpathSync(path);
    } catch {
      this.remove(uri);
      return;
    }
    if (this.bpfReal && !isInside(this.bpfReal, real)) {
      this.index.remove(rel);
      this.problems.set(rel, `leads outside the checkout (to ${real}); symbolic links are not followed`);
      this.touch();
      return;
    }
    this.setEntry(this.readFromDisk(this.root, path));
    this.touch();
  }

  remove(uri: string): void {
    const rel = this.relPath(uri);
    if (rel) this.diskStamps.delete(rel);
    if (rel && this.index.remove(rel)) {
      this.problems.delete(rel);
      this.touch();
    }
  }

  /** The Cilium version the model uses: the setting, else the checkout's VERSION, else the default. */
  /** The active cilium-config keys: the topology's `config`, then the ciliumDatapath.config setting. */
  configLayers(): ConfigLayer[] {
    const layers: ConfigLayer[] = [];
    if (Object.keys(this.topology.config ?? {}).length)
      layers.push({
        origin: 'topology',
        label: `topology "${this.topology.name}" config`,
        keys: this.topology.config,
      });
    if (Object.keys(this.settings.config).length)
      layers.push({ origin: 'user', label: 'ciliumDatapath.config', keys: this.settings.config });
    return layers;
  }

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

  /** Reads the topology file the settings name (a small regular file; never blocks). */
  loadTopology(): void {
    const file = this.settings.topologyFile;
    this.topologyError = undefined;
    if (!file) {
      this.topology = DEFAULT_TOPOLOGY;
      this.topologySource = 'bundled default (the seed documents)';
      return;
    }
    const base = this.folder ?? process.cwd();
    const path = isAbsolute(file) ? file : join(base, file);
    this.topologySource = path;
    try {
      const text = readRegularFileSync(path, MAX_TOPOLOGY_BYTES, `Topology file ${path}`).toString('utf8');
      this.topology = parseTopology(text, `Topology file ${path}`);
    } catch (e) {
      this.topology = DEFAULT_TOPOLOGY;
      this.topologyError =
        e instanceof FileReadError && e.kind === 'unreadable' && /ENOENT/.test(e.message)
          ? `Topology file ${path} (ciliumDatapath.topologyFile) does not exist; using the bundled default.`
          : `${(e as Error).message} (ciliumDatapath.topologyFile). Using the bundled default.`;
    }
    this.loadPolicies();
  }

  /**
   * Reads the policy manifests named by ciliumDatapath.policyFiles (relative to the workspace folder)
   * and by the topology's policyFiles (relative to the topology file). Regular files only, with a size
   * limit; a path that resolves outside the workspace folder (or the topology's folder) is refused.
   */
  loadPolicies(): void {
    this.policies = undefined;
    this.policyError = undefined;
    const base = this.folder ?? process.cwd();
    const topologyDir = this.settings.topologyFile ? dirname(this.topologySource) : base;
    const wanted: Array<{ path: string; from: string; within?: string[] }> = [
      ...this.settings.policyFiles.map((f) => ({
        path: isAbsolute(f) ? f : join(base, f),
        from: 'ciliumDatapath.policyFiles',
      })),
      ...(this.topologyError ? [] : this.topology.policyFiles).map((f) => ({
        path: isAbsolute(f) ? f : join(topologyDir, f),
        from: `policyFiles of ${this.topologySource}`,
        within: [base, topologyDir],
      })),
    ];
    if (!wanted.length) return;
    try {
      const files = wanted.map((w) => {
        if (w.within) {
          let real = w.path;
          try {
            real = realpathSync(w.path);
          } catch {
            /* a missing file is reported by the read below */
          }
          if (!w.within.some((dir) => isInside(dir, real)))
            throw new Error(`Policy file ${w.path} (${w.from}) is outside the workspace; it was not read`);
        }
        const text = readRegularFileSync(
          w.path,
          MAX_FILE_CHARS,
          `Policy file ${w.path} (${w.from})`,
        ).toString('utf8');
        return { name: w.path, text };
      });
      this.policies = loadPolicyFiles(files);
    } catch (e) {
      this.policyError = `${(e as Error).message}. Traces run without these policies.`;
    }
  }

  /** The call sites that land on a declaration (the index keeps the callers map across edits). */
  callersOf(file: string, declaration: Declaration): Caller[] {
    return this.index.callersOf(file, declaration);
  }
}

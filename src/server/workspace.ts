/**
 * Every checkout of the window: each workspace folder that is a checkout, or each checkout one level
 * down in it (sibling releases side by side), served by its own WorkspaceState (index, release,
 * settings, topology). A document belongs to the checkout whose own bpf/ tree holds it.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCheckoutSync, isInside, type CheckoutFiles } from '../node-io/read-checkout';
import { FileReadError } from '../node-io/read-regular-file';
import { WorkspaceState } from './workspace-state';

export class Workspace {
  readonly checkouts: WorkspaceState[] = [];
  /** answers requests when no checkout is open (bundled model, the first folder's settings) */
  private readonly fallback: WorkspaceState;
  private readonly known = new Set<string>();

  constructor(readonly folders: string[]) {
    this.fallback = new WorkspaceState(folders[0]);
  }

  /**
   * Finds checkouts not seen before: a folder that is a checkout is one (its subfolders are not looked
   * at: `test/bpf` of a full repository is not a checkout); otherwise each subfolder holding
   * `bpf/bpf_lxc.c`. Reads folder listings and VERSION files only; returns the new ones to index.
   */
  locate(): Array<{ state: WorkspaceState; checkout: CheckoutFiles }> {
    const found: Array<{ state: WorkspaceState; checkout: CheckoutFiles }> = [];
    const consider = (dir: string, folder: string): boolean => {
      let checkout: CheckoutFiles | undefined;
      try {
        checkout = findCheckoutSync(dir, folder);
      } catch (e) {
        if (e instanceof FileReadError) return false;
        throw e;
      }
      if (!checkout) return false;
      const key = realpathOr(checkout.bpfDir);
      if (this.known.has(key)) return true;
      this.known.add(key);
      const state = new WorkspaceState(folder);
      state.settings = this.fallback.settings;
      state.adopt(checkout);
      this.checkouts.push(state);
      found.push({ state, checkout });
      return true;
    };
    for (const folder of this.folders) {
      if (consider(folder, folder)) continue;
      let entries: string[] = [];
      try {
        entries = readdirSync(folder, { withFileTypes: true })
          .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
          .map((e) => e.name)
          .sort();
      } catch {
        /* unreadable folder: nothing to index */
      }
      for (const name of entries) {
        const dir = join(folder, name);
        if (!isCheckoutRoot(dir)) continue;
        consider(dir, folder);
      }
    }
    if (!this.checkouts.length) this.fallback.scanned = true;
    return found;
  }

  /** The checkout whose own bpf/ tree holds the document, or undefined. */
  stateFor(uri: string): WorkspaceState | undefined {
    return this.checkouts.find((c) => c.relPath(uri) !== undefined);
  }

  /**
   * The checkout a URI is in: the one whose own bpf/ tree holds it, else the one whose root folder
   * holds it (the root itself, its README, …; the deepest root wins), else undefined.
   */
  checkoutOf(uri: string): WorkspaceState | undefined {
    const byDocument = this.stateFor(uri);
    if (byDocument || !uri.startsWith('file:')) return byDocument;
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    return this.checkouts
      .filter((c) => c.root !== undefined && isInside(c.root, path))
      .sort((a, b) => b.root!.length - a.root!.length)[0];
  }

  /** The checkout a request is about: the one holding `scopeUri`, else the first, else the fallback. */
  primary(scopeUri?: string): WorkspaceState {
    return (scopeUri ? this.checkoutOf(scopeUri) : undefined) ?? this.checkouts[0] ?? this.fallback;
  }

  /** Every checkout (or the fallback when there is none): settings and topology apply to each. */
  all(): WorkspaceState[] {
    return this.checkouts.length ? this.checkouts : [this.fallback];
  }

  get scanned(): boolean {
    return this.all().every((c) => c.scanned);
  }

  /** The workspace folder a URI is in (the longest match), for per-folder settings. */
  folderOf(uri: string): string | undefined {
    let path: string;
    try {
      path = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    return this.folders
      .filter((f) => path === f || path.startsWith(f.endsWith('/') ? f : f + '/'))
      .sort((a, b) => b.length - a.length)[0];
  }
}

function isCheckoutRoot(dir: string): boolean {
  try {
    return readdirSync(join(dir, 'bpf')).includes('bpf_lxc.c');
  } catch {
    return false;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * How each release's `cilium monitor` / `cilium-dbg monitor` printed a drop notification's source
 * location (pkg/monitor/datapath_drop.go, DropNotify.DumpInfo). The parser reads every form; this
 * table says which releases print which, so a line can name its era and a conflicting
 * `--cilium-version` gets a warning.
 */
import type { CiliumVersion } from '../versions';

export type DropLocationForm = 'none' | 'file-line-words' | 'file-id' | 'file-name';

export interface MonitorDropFormat {
  form: DropLocationForm;
  /** what the form looks like */
  example: string;
  since: number;
  until?: number;
  cite: string;
}

export const MONITOR_DROP_FORMATS: readonly MonitorDropFormat[] = [
  {
    form: 'none',
    example: 'xx drop (Policy denied) flow 0x… to endpoint 0, identity 2->3: …',
    since: 4,
    until: 11,
    cite: 'v1.11.0 pkg/monitor/datapath_drop.go:49',
  },
  {
    form: 'file-line-words',
    example: 'xx drop (Policy denied) flow 0x… to endpoint 0, file bpf_lxc.c line 1182, , identity …',
    since: 12,
    until: 12,
    cite: 'v1.12.0 pkg/monitor/datapath_drop.go:52',
  },
  {
    form: 'file-id',
    example: 'xx drop (Policy denied) flow 0x… to endpoint 0, ifindex 14, file 2:1167, , identity …',
    since: 13,
    until: 13,
    cite: 'v1.13.0 pkg/monitor/datapath_drop.go:52',
  },
  {
    form: 'file-name',
    example: 'xx drop (Policy denied) flow 0x… to endpoint 0, ifindex 14, file bpf_lxc.c:1998, , identity …',
    since: 14,
    cite: 'v1.14.0 pkg/monitor/datapath_drop.go:76',
  },
];

export function dropFormat(form: DropLocationForm): MonitorDropFormat {
  return MONITOR_DROP_FORMATS.find((f) => f.form === form)!;
}

export function formPrintedBy(form: DropLocationForm, version: CiliumVersion): boolean {
  const f = dropFormat(form);
  return version.minor >= f.since && version.minor <= (f.until ?? Infinity);
}

/** "v1.12", "v1.14 … main", "v1.4 … v1.11" */
export function formReleases(form: DropLocationForm): string {
  const f = dropFormat(form);
  const to = f.until === undefined ? 'main' : `v1.${f.until}`;
  return f.until === f.since ? `v1.${f.since}` : `v1.${f.since} … ${to}`;
}

/** The teaching sample (sample/cilium-v1.10, our own files in Cilium v1.10 style), bundled as text. */
import hostC from '../../sample/cilium-v1.10/bpf/bpf_host.c';
import lxcC from '../../sample/cilium-v1.10/bpf/bpf_lxc.c';
import overlayC from '../../sample/cilium-v1.10/bpf/bpf_overlay.c';
import commonH from '../../sample/cilium-v1.10/bpf/lib/common.h';
import l3H from '../../sample/cilium-v1.10/bpf/lib/l3.h';
import mapsH from '../../sample/cilium-v1.10/bpf/lib/maps.h';
import readme from '../../sample/cilium-v1.10/README.md';

export const SAMPLE_VERSION = '1.10.4';

export const SAMPLE_CHECKOUT: ReadonlyArray<{ path: string; content: string }> = [
  { path: 'VERSION', content: SAMPLE_VERSION + '\n' },
  { path: 'README.md', content: readme },
  { path: 'bpf/bpf_lxc.c', content: lxcC },
  { path: 'bpf/bpf_overlay.c', content: overlayC },
  { path: 'bpf/bpf_host.c', content: hostC },
  { path: 'bpf/lib/common.h', content: commonH },
  { path: 'bpf/lib/maps.h', content: mapsH },
  { path: 'bpf/lib/l3.h', content: l3H },
];

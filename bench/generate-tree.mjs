// Generates a Cilium-sized bpf/ tree (default ~150 files, ~90,000 lines) in the shape of a real
// checkout: a dozen bpf_*.c objects of 2,000–4,000 lines with entry sections, tail-call targets and
// call sites; lib/*.h headers with CILIUM_CALL_* defines, static inline helpers and more call sites;
// include/ headers of plain C. Deterministic (seeded), written in this project's own words.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const OBJECTS = [
  'lxc',
  'host',
  'overlay',
  'xdp',
  'sock',
  'network',
  'wireguard',
  'alignchecker',
  'sock_term',
  'probes',
  'egress',
  'srv6',
];
const ENTRIES = {
  lxc: ['cil_from_container', 'cil_to_container'],
  host: ['cil_from_netdev', 'cil_to_netdev'],
  overlay: ['cil_from_overlay', 'cil_to_overlay'],
};
const SLOTS = [
  'IPV4_FROM_LXC',
  'IPV6_FROM_LXC',
  'ARP',
  'IPV4_TO_LXC_POLICY_ONLY',
  'IPV6_TO_LXC_POLICY_ONLY',
  'IPV4_TO_ENDPOINT',
  'IPV6_TO_ENDPOINT',
  'IPV4_NODEPORT_NAT_EGRESS',
  'IPV6_NODEPORT_NAT_EGRESS',
  'IPV4_FROM_NETDEV',
  'IPV6_FROM_NETDEV',
  'IPV4_ENCAP_NODEPORT_NAT',
  'IPV4_NODEPORT_REVNAT',
  'IPV6_NODEPORT_REVNAT',
  'IPV4_CT_INGRESS',
  'IPV4_CT_EGRESS',
  'IPV6_CT_INGRESS',
  'IPV6_CT_EGRESS',
  'SRV6_ENCAP',
  'SRV6_DECAP',
  'IPV4_FROM_HOST',
  'IPV6_FROM_HOST',
];

function helper(r, name, lines) {
  const out = [`static __always_inline int ${name}(struct __ctx_buff *ctx, __u32 *dst_id)`, '{'];
  out.push('\tvoid *data, *data_end;', '\tstruct iphdr *ip4;', '\tint ret = CTX_ACT_OK;', '');
  while (out.length < lines - 2) {
    const k = r();
    if (k < 0.15)
      out.push('\tif (!revalidate_data(ctx, &data, &data_end, &ip4))', '\t\treturn DROP_INVALID;');
    else if (k < 0.25)
      out.push(
        '\t/* Look the destination up in the endpoint map; a miss means',
        '\t * the packet leaves this node. */',
      );
    else if (k < 0.33)
      out.push('#ifdef ENABLE_IPV6', '\tret = ipv6_l3(ctx, ETH_HLEN, NULL, NULL, METRIC_EGRESS);', '#endif');
    else if (k < 0.4)
      out.push(
        '\tif (IS_ERR(ret))',
        '\t\treturn send_drop_notify_error(ctx, 0, ret, CTX_ACT_DROP, METRIC_EGRESS);',
      );
    else if (k < 0.45) out.push('\tcilium_dbg(ctx, DBG_GENERIC, ip4->saddr, ip4->daddr); // "debug" only');
    else if (k < 0.5) out.push('\t*dst_id = lookup_ip4_remote_endpoint(ip4->daddr, 0) ? 1 : 0;');
    else if (k < 0.55)
      out.push(
        '\tswitch (ret) {',
        '\tcase CTX_ACT_OK:',
        '\t\tbreak;',
        '\tdefault:',
        '\t\treturn ret;',
        '\t}',
      );
    else out.push(`\tret = ctx_load_bytes(ctx, ETH_HLEN + ${Math.floor(r() * 40)}, &data, sizeof(__u32));`);
  }
  out.push('\treturn ret;', '}', '');
  return out;
}

function objectFile(r, obj, targetLines, includes) {
  const out = [
    '// SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause)',
    '/* Generated benchmark object: the shape of a Cilium BPF program, not its code. */',
    '',
    '#include <bpf/ctx/skb.h>',
    '#include <bpf/api.h>',
    '',
    '#include "lib/common.h"',
    '#include "lib/maps.h"',
    `#include "lib/${obj}_helpers.h"`,
    ...includes.map((h) => `#include "${h}"`),
    '',
  ];
  let n = 0;
  while (out.length < targetLines - 40) {
    const slot = SLOTS[n % SLOTS.length];
    out.push(...helper(r, `${obj}_helper_${n}`, 30 + Math.floor(r() * 60)));
    if (n % 3 === 0) {
      out.push(
        `__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_${slot})`,
        `int tail_${obj}_${n}(struct __ctx_buff *ctx)`,
        '{',
      );
      out.push('\t__u32 dst_id = 0;', `\tint ret = ${obj}_helper_${n}(ctx, &dst_id);`, '');
      out.push(
        '\tif (ret == CTX_ACT_OK)',
        `\t\tep_tail_call(ctx, CILIUM_CALL_${SLOTS[(n + 1) % SLOTS.length]});`,
      );
      out.push('\treturn ret;', '}', '');
    } else if (n % 3 === 1) {
      out.push(
        `declare_tailcall_if(is_defined(ENABLE_IPV6), CILIUM_CALL_${slot})`,
        `int tail_${obj}_${n}(struct __ctx_buff *ctx)`,
        '{',
      );
      out.push(
        `\tinvoke_tailcall_if(is_defined(ENABLE_IPV4), CILIUM_CALL_${SLOTS[(n + 2) % SLOTS.length]}, tail_${obj}_${n - 1});`,
      );
      out.push('\treturn CTX_ACT_OK;', '}', '');
    }
    n++;
  }
  // the entry programs: the model's names for lxc, host and overlay (v1.13+ style), others generic
  const entries = ENTRIES[obj] ?? [`from_${obj}`, `to_${obj}`];
  out.push('__section_entry', `int ${entries[0]}(struct __ctx_buff *ctx)`, '{');
  out.push(`\tep_tail_call(ctx, CILIUM_CALL_${SLOTS[0]});`, '\treturn DROP_MISSED_TAIL_CALL;', '}', '');
  out.push(
    `__section("${entries[1].replace(/^cil_/, '').replace(/_/g, '-')}")`,
    `int ${entries[1]}(struct __ctx_buff *ctx)`,
    '{',
  );
  out.push('\treturn tail_call_policy(ctx, 42);', '}', '');
  out.push('BPF_LICENSE("Dual BSD/GPL");', '');
  return out.join('\n');
}

function headerFile(r, name, targetLines, defines) {
  const guard = `__LIB_${name.toUpperCase().replace(/\W/g, '_')}__`;
  const out = [
    '/* SPDX-License-Identifier: (GPL-2.0-only OR BSD-2-Clause) */',
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
  ];
  if (defines) SLOTS.forEach((s, i) => out.push(`#define CILIUM_CALL_${s}\t\t${i + 1}`));
  let n = 0;
  while (out.length < targetLines - 3) {
    const k = r();
    if (k < 0.1)
      out.push(
        'struct ' + name.replace(/\W/g, '_') + `_${n} {`,
        '\t__u32 key;',
        '\t__u16 port;',
        '\t__u8 proto;',
        '\t__u8 pad;',
        '};',
        '',
      );
    else if (k < 0.15)
      out.push(`#define ${name.replace(/\W/g, '_').toUpperCase()}_LIMIT_${n}\t${Math.floor(r() * 65536)}`);
    else if (k < 0.2)
      out.push(
        `static __always_inline int ${name.replace(/\W/g, '_')}_policy_${n}(struct __ctx_buff *ctx, __u32 id)`,
        '{',
        '\ttail_call_dynamic(ctx, &POLICY_CALL_MAP, id);',
        '\treturn DROP_MISSED_TAIL_CALL;',
        '}',
        '',
      );
    else out.push(...helper(r, `${name.replace(/\W/g, '_')}_fn_${n}`, 12 + Math.floor(r() * 30)));
    n++;
  }
  out.push(`#endif /* ${guard} */`, '');
  return out.join('\n');
}

/** Writes the tree under `dir` (dir/bpf/…, dir/VERSION). Returns { files, lines, bytes }. */
export function generateTree(dir, { files = 150, lines = 90_000, seed = 4242 } = {}) {
  const r = prng(seed);
  const bpf = join(dir, 'bpf');
  mkdirSync(join(bpf, 'lib'), { recursive: true });
  mkdirSync(join(bpf, 'include', 'bpf'), { recursive: true });
  writeFileSync(join(dir, 'VERSION'), '1.16.0\n');
  let total = 0;
  let bytes = 0;
  const write = (rel, text) => {
    writeFileSync(join(bpf, rel), text);
    total += text.split('\n').length - 1;
    bytes += Buffer.byteLength(text);
  };
  const headers = files - OBJECTS.length;
  const libCount = Math.round(headers * 0.75);
  const perHeader = Math.round((lines * 0.65) / headers);
  const libNames = [];
  for (let i = 0; i < libCount; i++)
    libNames.push(
      i === 0
        ? 'common'
        : i === 1
          ? 'maps'
          : i - 2 < OBJECTS.length
            ? `${OBJECTS[i - 2]}_helpers`
            : `feature${i}`,
    );
  // like a real object, each pulls in most of lib/ (bpf_lxc.c reaches ~60 headers)
  const featureHeaders = libNames.filter((n) => n.startsWith('feature')).map((n) => `lib/${n}.h`);
  const objectLines = Math.round((lines * 0.35) / OBJECTS.length);
  for (const obj of OBJECTS)
    write(`bpf_${obj}.c`, objectFile(r, obj, objectLines, featureHeaders.slice(0, 60)));
  libNames.forEach((name, i) => write(`lib/${name}.h`, headerFile(r, name, perHeader, i === 0)));
  for (let i = libCount; i < headers - 2; i++)
    write(`include/bpf/part${i}.h`, headerFile(r, `part${i}`, perHeader, false));
  // the two system-style headers every object includes, so a C language server can resolve them
  mkdirSync(join(bpf, 'include', 'bpf', 'ctx'), { recursive: true });
  write('include/bpf/ctx/skb.h', headerFile(r, 'ctx_skb', perHeader, false));
  write('include/bpf/api.h', headerFile(r, 'api', perHeader, false));
  // what a Cilium developer gives clangd: include paths and the BPF build's defines
  writeFileSync(
    join(dir, 'compile_flags.txt'),
    ['-I', 'bpf', '-I', 'bpf/include', '-D__NR_CPUS__=2', '-O2', '-std=gnu99', '-nostdinc', ''].join('\n'),
  );
  return { files, lines: total, bytes };
}

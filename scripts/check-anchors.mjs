// Checks the anchors of the seed traces against real Cilium trees.
//
//   node scripts/check-anchors.mjs <tree> [<tree> …]      e.g. /work/trees/v1.10.0 /work/trees/main
//
// Each <tree> is an exported Cilium tree (bpf/ at least) named by its tag (v1.10.0/, main/); nothing
// of it is committed. For the tree's release, the seed traces (pod0 → pod3 over VXLAN, and over IPVLAN
// where the release has it; over IPv6 in a dual-stack build where the model has IPv6 rows) and the Service traces (pod0 → the seed Service, per-packet LB and socket
// LB, and its reply) are anchored in the tree's index, and every step the model gives a function must
// be anchored:
//   - inside that function (the anchored line lies in the function's body, or in the body of the
//     `#define TAIL_CT_LOOKUP4` that generates it, or is the line of that macro naming its next slot);
//   - on the call or return that does the step's kind: a tail-call macro for a tail call, `ct_lookup4`
//     for conntrack, a `policy_can_*` for policy, the map's lookup helper, a redirect / encapsulation /
//     `return CTX_ACT_OK` for an exit, the `send_drop_notify*` with the reason for a drop, the Service
//     lookup / translation helpers for `lb` and `nat` (the checker's own lists, not the anchorer's);
//   - on a line the traced configuration compiles and runs: not inside an `#if` branch the build
//     leaves out, nor inside a C branch `if (is_defined(ENABLE_X) …)` (or its `else`) that the build
//     never takes — both judged on the ENABLE_* macros the model says the configuration defines
//     (buildDefines); other macros are not judged.
// When the tree is the cite's own release, the anchor is compared with the cite too. Needs
// `npx tsc -b` first (reads out/). Exit status 1 when any step fails.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const core = require(join(root, 'out', 'src', 'core', 'index.js'));
// the judge of a build macro's C branch (`if (is_defined(ENABLE_X) …)`) is the anchorer's own
// (src/core/anchor/branch-guards.ts); the `#if` branches below are read from the raw lines, not from
// the indexer's conditions the anchorer uses
const { evaluateCondition, excludedBranch } = require(
  join(root, 'out', 'src', 'core', 'anchor', 'branch-guards.js'),
);
const { findCheckoutSync, indexCheckoutSync } = require(
  join(root, 'out', 'src', 'node-io', 'read-checkout.js'),
);

const trees = process.argv.slice(2);
if (trees.length === 0 || trees.some((t) => !existsSync(join(t, 'bpf')))) {
  console.error('usage: node scripts/check-anchors.mjs <tree with bpf/> [<tree> …]');
  process.exit(2);
}

const TAIL_WORDS =
  /\b(ep_tail_call|tail_call_internal|invoke_tailcall_if|invoke_traced_tailcall_if|tail_call_static|tail_call_dynamic|tail_call_policy|tail_call_egress_policy|tail_call|TAIL_CT_LOOKUP4|TAIL_CT_LOOKUP6)\b/;
const REDIRECTS = [
  'redirect_ep',
  'ctx_redirect',
  'redirect_peer',
  'ctx_redirect_peer',
  'redirect',
  'bpf_redirect_neigh',
  'redirect_direct_v4',
  'fib_redirect_v4',
  'redirect_direct_v6',
  'fib_redirect_v6',
];
const ENCAPS = ['encap_and_redirect\\w*', '__encap_and_redirect_with_nodeid', '__encap_with_nodeid'];
const DELIVERY = ['ipv4_local_delivery', 'ipv6_local_delivery', 'l3_local_delivery'];
const PASS = 'return\\s+(CTX_ACT_OK|TC_ACT_OK)\\b';
const calls = (names) => new RegExp(`\\b(${names.join('|')})\\s*\\(`);
// What the anchored line of each step kind must hold: the checker's own lists (what Cilium names
// these calls across releases), not the anchorer's.
const EXPECTED = {
  ct: calls(['ct_lookup4', 'ct_lazy_lookup4', 'ct_create4', 'ct_lookup6', 'ct_lazy_lookup6', 'ct_create6']),
  policy: calls(['policy_can_\\w+']),
  redirect: calls([...REDIRECTS, ...ENCAPS, ...DELIVERY]),
  encap: calls(ENCAPS),
  deliver: calls([...REDIRECTS, ...DELIVERY]),
  route: calls(['fib_lookup', 'fib_redirect_v4']),
  decap: calls(['ctx_get_tunnel_key', 'skb_get_tunnel_key', 'get_tunnel_key']),
  lb: calls(['lb4_lookup_service', 'lb6_lookup_service']),
};
const LOOKUPS = [
  [/^cilium_lb4_services/, calls(['lb4_lookup_service'])],
  [/^cilium_lb6_services/, calls(['lb6_lookup_service'])],
  // bpf_lxc's ICMPv6 check before the IPv6 path (v1.10.0 bpf/bpf_lxc.c:472, v1.16.0 :795)
  [/^ICMPv6 neighbour discovery/, calls(['icmp6_handle', 'is_icmp6_ndp'])],
  [
    /^cilium_ipcache/,
    calls([
      'lookup_ip4_remote_endpoint',
      'resolve_srcid_ipv4',
      'ipcache_lookup4',
      'lookup_ip6_remote_endpoint',
      'resolve_srcid_ipv6',
      'ipcache_lookup6',
    ]),
  ],
  [
    /^cilium_lxc$/,
    calls(['lookup_ip4_endpoint', '__lookup_ip4_endpoint', 'lookup_ip6_endpoint', '__lookup_ip6_endpoint']),
  ],
  [/^tunnel key/, calls(['ctx_get_tunnel_key', 'skb_get_tunnel_key', 'get_tunnel_key'])],
];
// NAT: the Service translation (lb4_local, which calls lb4_xlate; the socket LB's __sock4_xlate_fwd),
// its reverse (lb4_rev_nat), masquerade (snat_v4_nat and the forward-NAT helpers that call it) and its
// reverse (snat_v4_rev_nat, reached through nodeport_lb4 in from-netdev)
const NAT = {
  dnat: calls(['lb4_local', 'lb4_xlate', '__sock4_xlate_fwd']),
  'rev-dnat': calls(['lb4_rev_nat']),
  snat: /\b(snat_v4_nat|nodeport_nat_ipv4_fwd|handle_nat_fwd_ipv4|handle_nat_fwd)\s*\(|\btail_call_internal\s*\(\s*ctx\s*,\s*CILIUM_CALL_IPV4_NODEPORT_SNAT_FWD\b/,
  'rev-snat': calls(['snat_v4_rev_nat', 'nodeport_lb4']),
};

/** The pattern the anchored line of `step` must match (`lastReturn`: the function's final return). */
function expectedAt(step, src, lastReturn) {
  switch (step.type) {
    case 'tail-call':
      // a tail call the build compiles inline: the direct call of its target (main bpf/bpf_lxc.c:2548)
      return TAIL_WORDS.test(src) || (step.inlined === true && calls([step.target.function]).test(src));
    case 'drop':
      return /\bsend_drop_notify\w*\s*\(/.test(src) && new RegExp(`\\b${step.reason}\\b`).test(src);
    case 'lookup':
      return (LOOKUPS.find(([re]) => re.test(step.map))?.[1] ?? calls(['map_lookup_elem'])).test(src);
    case 'nat':
      return NAT[step.kind].test(src);
    case 'xmit':
      // the model's exit row says the program passes it on (`via`): a return, not a redirect
      if (step.via === 'return CTX_ACT_OK') return new RegExp(PASS).test(src) || lastReturn;
      return calls(REDIRECTS).test(src) || new RegExp(PASS).test(src) || lastReturn;
    case 'pass-to-stack':
      return new RegExp(PASS).test(src) || lastReturn;
    default:
      return EXPECTED[step.type]?.test(src) ?? false;
  }
}

// ---- is the line compiled and run by the traced build? ------------------------------------------

/** The `#if` branch of `lines` holding `line` that the build leaves out, if any (its condition). */
function excludedPreprocessor(lines, line, defines) {
  const stack = [];
  for (let i = 0; i < line - 1; i++) {
    let l = lines[i];
    const m = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)$/.exec(l);
    if (!m) continue;
    let rest = m[2];
    while (rest.endsWith('\\') && i + 1 < line - 1) rest = rest.slice(0, -1) + ' ' + lines[++i];
    rest = rest.replace(/\/\*.*?\*\/|\/\/.*$/g, '').trim();
    const cond = m[1] === 'ifdef' ? `defined(${rest})` : m[1] === 'ifndef' ? `!defined(${rest})` : rest;
    if (m[1] === 'if' || m[1] === 'ifdef' || m[1] === 'ifndef')
      stack.push({ prior: [], cond, text: l.trim() });
    else if (m[1] === 'elif' && stack.length) {
      const top = stack.at(-1);
      top.prior.push(top.cond);
      top.cond = cond;
      top.text = l.trim();
    } else if (m[1] === 'else' && stack.length) {
      const top = stack.at(-1);
      top.prior.push(top.cond);
      top.cond = undefined;
      top.text = `#else of ${top.text}`;
    } else if (m[1] === 'endif') stack.pop();
  }
  for (const f of stack) {
    if (f.prior.some((c) => evaluateCondition(c, defines) === true)) return f.text;
    if (f.cond !== undefined && evaluateCondition(f.cond, defines) === false) return f.text;
  }
  return undefined;
}

const SCENARIOS = [
  { name: 'vxlan', request: { mode: 'vxlan', from: 'pod0', to: 'pod3' } },
  { name: 'ipvlan', request: { mode: 'ipvlan', from: 'pod0', to: 'pod3' }, optional: true },
  // over IPv6 in a dual-stack build, where the model has the release's IPv6 rows
  {
    name: 'vxlan ipv6',
    request: { mode: 'vxlan', from: 'pod0', to: 'pod3', family: 6, ciliumConfig: { 'enable-ipv6': 'true' } },
    optional: true,
  },
  // BPF host routing in native routing: the FIB redirect is anchored at redirect_direct_v4 / fib_redirect_v4
  {
    name: 'native, BPF host routing',
    request: { mode: 'native', from: 'pod0', to: 'pod3', config: { hostRouting: 'bpf' } },
    optional: true,
  },
  // IPv6 with native routing: bpf_host.c's ETH_P_IPV6 branch (from-netdev, from-host), and with BPF
  // host routing (fib_redirect_v6 / redirect_direct_v6, to-netdev, from-netdev's local delivery)
  {
    name: 'native ipv6',
    request: { mode: 'native', from: 'pod0', to: 'pod3', family: 6, ciliumConfig: { 'enable-ipv6': 'true' } },
    optional: true,
  },
  {
    name: 'native ipv6, BPF host routing',
    request: {
      mode: 'native',
      from: 'pod0',
      to: 'pod3',
      family: 6,
      ciliumConfig: { 'enable-ipv6': 'true' },
      config: { hostRouting: 'bpf' },
    },
    optional: true,
  },
  // WireGuard with a tunnel (v1.10+): v1.10–v1.13 mark in bpf_lxc, v1.14 redirects before the
  // encapsulation, v1.15+ to-netdev redirects the VXLAN/Geneve packet; v1.19+ cil_from_wireguard
  {
    name: 'WireGuard vxlan',
    request: { mode: 'vxlan', from: 'pod0', to: 'pod3', ciliumConfig: { 'enable-wireguard': 'true' } },
    optional: true,
  },
  {
    name: 'WireGuard geneve',
    request: { mode: 'geneve', from: 'pod0', to: 'pod3', ciliumConfig: { 'enable-wireguard': 'true' } },
    optional: true,
  },
  // IPsec in native routing: v1.10–v1.12, v1.19 and main (the model refuses it elsewhere)
  {
    name: 'ipsec',
    request: { mode: 'native', from: 'pod0', to: 'pod3', ciliumConfig: { 'enable-ipsec': 'true' } },
    optional: true,
  },
  { name: 'service', request: { mode: 'vxlan', from: 'pod0', to: 'default/backend', port: 80 } },
  {
    name: 'service reply',
    request: { mode: 'vxlan', from: 'pod0', to: 'default/backend', port: 80, reply: true },
  },
  {
    name: 'service, socket LB',
    request: { mode: 'vxlan', from: 'pod0', to: 'default/backend', port: 80, config: { socketLB: true } },
  },
  {
    name: 'NodePort',
    request: {
      mode: 'vxlan',
      from: 'external:203.0.113.7',
      to: '172.26.50.102',
      port: 30080,
      config: { kubeProxyReplacement: true },
    },
  },
  // BPF masquerade in tunnel mode: v1.16 and later only (the model refuses it before)
  {
    name: 'BPF masquerade',
    request: {
      mode: 'vxlan',
      from: 'pod0',
      to: '8.8.8.8',
      config: { bpfMasquerade: true, kubeProxyReplacement: true },
    },
    optional: true,
  },
  {
    name: 'BPF masquerade reply',
    request: {
      mode: 'vxlan',
      from: 'pod0',
      to: '8.8.8.8',
      reply: true,
      config: { bpfMasquerade: true, kubeProxyReplacement: true },
    },
    optional: true,
  },
];

const policy = require(join(root, 'out', 'src', 'core', 'policy', 'index.js'));
const services = policy.servicesFromManifests(
  policy.loadPolicyFiles([
    {
      name: 'backend.yaml',
      text: readFileSync(join(root, 'test', 'fixtures', 'services', 'backend.yaml'), 'utf8'),
    },
  ]),
);
const topology = { ...core.DEFAULT_TOPOLOGY, services };

let failed = 0;
let checked = 0;
for (const tree of trees.map((t) => resolve(t))) {
  const tag = basename(tree);
  const release = tag === 'main' ? 'main' : tag.replace(/^(v\d+\.\d+)\.\d+$/, '$1');
  const checkout = findCheckoutSync(tree);
  const index = new core.SourceIndex();
  for (const entry of indexCheckoutSync(checkout)) index.set(entry);
  const text = new Map();
  const fileText = (file) => {
    if (!text.has(file)) text.set(file, readFileSync(join(tree, file), 'utf8'));
    return text.get(file);
  };
  const fileLines = (file) => fileText(file).split('\n');
  const lineText = (file, line) => fileLines(file)[line - 1] ?? '';
  // does `from`'s body (in any file) call `to`, directly or through up to three more functions?
  const bodyOf = (name, file) => {
    for (const entry of [index.get(file), ...index.all()]) {
      if (!entry) continue;
      const f = entry.functions.find((x) => x.name === name);
      if (f)
        return fileText(entry.path)
          .split('\n')
          .slice(f.line - 1, f.endLine)
          .join('\n');
    }
    return '';
  };
  const reaches = (from, to, file, depth = 4) => {
    const body = bodyOf(from, file);
    if (new RegExp(`\\b${to}\\s*\\(`).test(body)) return true;
    if (depth === 1) return false;
    return [...body.matchAll(/\b([a-z_]\w*)\s*\(/g)]
      .map((m) => m[1])
      .filter((n, i, a) => a.indexOf(n) === i && n !== from)
      .some((n) => bodyOf(n, file) && reaches(n, to, file, depth - 1));
  };
  // the lines of the `#define <macro>(` body in `file` (its continuation lines), when it has one
  const macroBody = (file, macro) => {
    const lines = fileLines(file);
    const start = lines.findIndex((l) => new RegExp(`^\\s*#\\s*define\\s+${macro}\\s*\\(`).test(l));
    if (start < 0) return undefined;
    let end = start;
    while (lines[end]?.trimEnd().endsWith('\\')) end++;
    // the macro's parameters: its last names the function a build without the tail call calls
    const params = (/\(([^)]*)\)/.exec(lines[start])?.[1] ?? '').split(',').map((p) => p.trim());
    return { line: start + 1, endLine: end + 1, params };
  };
  for (const scenario of SCENARIOS) {
    let t;
    try {
      t = core.trace({ ...scenario.request, ciliumVersion: release }, topology);
    } catch (e) {
      if (scenario.optional) continue; // the release has no IPVLAN mode / refuses that configuration
      throw e;
    }
    const defines = core.buildDefines(t.config, core.parseCiliumVersion(t.ciliumVersion));
    const { trace: anchored } = core.anchorTrace(t, index, { text: (f) => fileText(f) });
    let same = 0;
    let total = 0;
    for (const hop of anchored.hops)
      for (const step of hop.steps) {
        if (!step.function) continue;
        checked++;
        total++;
        const kind = step.type === 'nat' ? `nat/${step.kind}` : step.type;
        const where = `${tag} ${scenario.name} hop ${hop.index} ${kind} in ${step.function} (${step.cite})`;
        const fail = (why) => {
          failed++;
          console.log(`FAIL ${where}: ${why}`);
        };
        if (!step.source) {
          fail(`not anchored: ${step.sourceNote}`);
          continue;
        }
        const { file, line, function: fn } = step.source;
        if (fn !== step.function && !reaches(step.function, fn, hop.program?.file ?? file))
          fail(`anchored in ${fn}, which ${step.function} does not call`);
        const entry = index.get(file);
        const span = entry.functions.find((f) => f.name === fn && f.line <= line && line <= f.endLine);
        // a program TAIL_CT_LOOKUP4 generates: the macro's body, or the invocation's line naming the
        // next slot
        const generator = entry.declarations.find(
          (d) => d.function === fn && /^TAIL_CT_LOOKUP/.test(d.annotation),
        );
        const body = generator && macroBody(file, generator.annotation);
        const inMacro = body && body.line <= line && line <= body.endLine;
        const atInvocation = generator && generator.line <= line && line <= generator.line + 3;
        if (!span && !inMacro && !atInvocation) fail(`${file}:${line} is not inside ${fn}`);
        const src = lineText(file, line);
        // in the body, a tail call the build compiles inline is the call of the macro's last
        // parameter (`ret = TARGET_NAME(ctx);`, v1.19.0 bpf/bpf_lxc.c:514)
        const inlinedInMacro =
          inMacro &&
          step.type === 'tail-call' &&
          step.inlined === true &&
          calls([body.params.at(-1)]).test(src);
        const ok =
          (atInvocation && !inMacro
            ? step.type === 'tail-call' && /\bCILIUM_CALL_\w+/.test(src)
            : inlinedInMacro || expectedAt(step, src, span?.lastReturnLine === line)) &&
          // a call's name, not a mention in a comment
          !/^\s*(\/\/|\/?\*)/.test(src);
        if (!ok) fail(`${file}:${line} is not the ${kind} call or return: "${src.trim()}"`);
        const lines = fileLines(file);
        const pre = excludedPreprocessor(lines, line, defines);
        if (pre) fail(`${file}:${line} is inside "${pre}", which this configuration does not compile`);
        const branch = span && excludedBranch(lines, span.line, line, defines);
        if (branch) fail(`${file}:${line} is inside "${branch}", which this configuration never takes`);
        const cite = /^(\S+) (\S+):(\d+)$/.exec(step.cite ?? '');
        if (cite && cite[1] === tag && cite[2] === file) {
          const citeLine = Number(cite[3]);
          // the model cites the TAIL_CT_LOOKUP4 invocation (it names the slot); the anchor is in its body
          const citesInvocation = inMacro && generator.line <= citeLine && citeLine <= generator.line + 3;
          if (Math.abs(citeLine - line) <= 2 || citesInvocation) same++;
          else console.log(`note ${where}: anchored at ${file}:${line}, the model cites line ${cite[3]}`);
        }
      }
    console.log(
      `${tag} ${scenario.name}: ${total} steps anchored-checked, ${same} at the model's own cite (±2 lines)`,
    );
  }
}
console.log(`${checked} steps checked, ${failed} failures`);
process.exit(failed ? 1 : 0);

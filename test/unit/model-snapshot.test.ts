/**
 * The model's fingerprint: for every release × mode × destination (and BPF host routing where it is
 * modelled), each program the packet runs and each step it takes, with the source line the step
 * cites. Any change to a row of the model changes this; test/unit/model-snapshot.json is the reviewed
 * state. After an intended model change, regenerate it with
 *   CDX_UPDATE_SNAPSHOT=1 node --test out/test/unit/model-snapshot.test.js
 * and review the diff like code (every changed line is a changed claim about Cilium's source).
 * IPv6 traces (dual-stack) of the releases with IPv6 rows are keyed `… ipv6 pod0→…` (tunnel and native
 * routing, both host routings, native routing with kube-proxy replacement, the reply over native routing),
 * WireGuard with a tunnel `… wireguard pod0→pod3`, IPsec in native routing `… ipsec [reply] pod0→pod3`.
 * Notes (wording) are not part of it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_TOPOLOGY,
  listKnownVersions,
  resolveTopology,
  trace,
  type Hop,
  type Step,
} from '../../src/core';

const FILE = join(__dirname, '..', '..', '..', 'test', 'unit', 'model-snapshot.json');

function step(s: Step): string {
  const cite = `${s.function ? ` in ${s.function}` : ''}${s.cite ? ` @${s.cite}` : ''}`;
  switch (s.type) {
    case 'tail-call':
      return `tail-call ${s.map}[${s.key}] ${s.keyName ?? ''} → ${s.target.function}${s.condition ? ` if ${s.condition}` : ''}${s.inlined ? ' (inline)' : ''}${cite}`;
    case 'lookup':
      return `lookup ${s.map} → ${s.result}${cite}`;
    case 'policy':
      return `policy ${s.direction} ${s.map} ${s.verdict}${cite}`;
    case 'ct':
      return `ct ${s.direction} ${s.map} ${s.result}${cite}`;
    case 'drop':
      return `drop ${s.reason} ${s.code ?? ''}${cite}`;
    case 'redirect':
    case 'xmit':
      return `${s.type} ${s.device}${cite}`;
    default:
      return `${s.type}${cite}`;
  }
}

function hop(h: Hop): string[] {
  const where = `${h.node} ${h.device} ${h.hook}${h.program ? ` ${h.program.file} ${h.program.section} ${h.program.function}${h.program.via ? ` via ${h.program.via}` : ''}` : ''}`;
  return [where, ...h.steps.map((s) => `  ${step(s)}`)];
}

function fingerprint(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const version of listKnownVersions()) {
    for (const mode of ['vxlan', 'geneve', 'native', 'ipvlan'] as const) {
      if (mode === 'ipvlan' && !/^v1\.([4-9]|1[0-2])$/.test(version)) continue;
      const topo = resolveTopology(DEFAULT_TOPOLOGY, mode);
      const node0 = topo.nodes.find((n) => n.name === 'node0')!;
      const node1 = topo.nodes.find((n) => n.name === 'node1')!;
      const targets = ['pod3', 'pod1', '8.8.8.8', node0.ip, node1.ip];
      const routings: Array<'legacy' | 'bpf'> =
        mode !== 'ipvlan' && !/^v1\.[4-9]$/.test(version) ? ['legacy', 'bpf'] : ['legacy'];
      for (const hostRouting of routings)
        for (const to of hostRouting === 'bpf' ? ['pod3', 'pod1'] : targets) {
          const t = trace({ mode, from: 'pod0', to, ciliumVersion: version, config: { hostRouting } });
          out[`${version} ${mode} ${hostRouting} pod0→${to}`] = [t.disposition, ...t.hops.flatMap(hop)];
        }
    }
  }
  // IPv6 in a dual-stack build (issue 12): the releases whose table has IPv6 rows, tunnel modes
  for (const version of ['v1.10', 'v1.12', 'v1.16', 'main'])
    for (const mode of ['vxlan', 'geneve'] as const)
      for (const to of ['pod3', 'pod1']) {
        const t = trace({
          mode,
          from: 'pod0',
          to,
          ciliumVersion: version,
          family: 6,
          ciliumConfig: { 'enable-ipv6': 'true' },
        });
        out[`${version} ${mode} legacy ipv6 pod0→${to}`] = [t.disposition, ...t.hops.flatMap(hop)];
      }
  // IPv6 with native routing (the nodes' IPv6 addresses as the underlay), either host routing, and
  // with kube-proxy replacement (from-netdev on the native device in every release) and VXLAN with
  // BPF host routing
  const ipv6 = (
    key: string,
    mode: 'native' | 'vxlan',
    to: string,
    version: string,
    config = {},
    reply = false,
  ) => {
    const t = trace({
      mode,
      from: 'pod0',
      to,
      ciliumVersion: version,
      family: 6,
      ciliumConfig: { 'enable-ipv6': 'true' },
      config,
      ...(reply ? { reply } : {}),
    });
    out[key] = [t.disposition, ...t.hops.flatMap(hop)];
  };
  for (const version of ['v1.10', 'v1.12', 'v1.16', 'main']) {
    for (const hostRouting of ['legacy', 'bpf'] as const)
      for (const to of ['pod3', 'pod1'])
        ipv6(`${version} native ${hostRouting} ipv6 pod0→${to}`, 'native', to, version, { hostRouting });
    ipv6(`${version} native legacy kpr ipv6 pod0→pod3`, 'native', 'pod3', version, {
      hostRouting: 'legacy',
      kubeProxyReplacement: true,
    });
    ipv6(`${version} vxlan bpf ipv6 pod0→pod3`, 'vxlan', 'pod3', version, { hostRouting: 'bpf' });
    ipv6(`${version} native legacy ipv6 reply pod0→pod3`, 'native', 'pod3', version, {}, true);
  }
  // WireGuard with a tunnel (issue 12): v1.12's mark, v1.14's redirect before the encapsulation,
  // v1.16's and main's redirect of the VXLAN/Geneve packet in to-netdev
  for (const version of ['v1.12', 'v1.14', 'v1.16', 'main'])
    for (const mode of ['vxlan', 'geneve'] as const) {
      const t = trace({
        mode,
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: version,
        ciliumConfig: { 'enable-wireguard': 'true' },
      });
      out[`${version} ${mode} legacy wireguard pod0→pod3`] = [t.disposition, ...t.hops.flatMap(hop)];
    }
  // IPsec in native routing (issue 12): v1.10–v1.12's mark at the source and bpf_network, v1.19's and
  // main's encryption at the native device; the way there and the reply
  for (const version of ['v1.10', 'v1.11', 'v1.12', 'v1.19', 'main'])
    for (const reply of [false, true]) {
      const t = trace({
        mode: 'native',
        from: 'pod0',
        to: 'pod3',
        ciliumVersion: version,
        ciliumConfig: { 'enable-ipsec': 'true' },
        ...(reply ? { reply: true } : {}),
      });
      out[`${version} native legacy ipsec${reply ? ' reply' : ''} pod0→pod3`] = [
        t.disposition,
        ...t.hops.flatMap(hop),
      ];
    }
  return out;
}

test('every release × mode × destination runs the programs and steps of the reviewed snapshot', () => {
  const actual = fingerprint();
  if (process.env.CDX_UPDATE_SNAPSHOT === '1' || !existsSync(FILE)) {
    writeFileSync(FILE, JSON.stringify(actual, null, 1) + '\n');
    if (process.env.CDX_UPDATE_SNAPSHOT !== '1')
      assert.fail(`${FILE} did not exist; written — review and commit it`);
    return;
  }
  const expected = JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string[]>;
  assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), 'the set of scenarios changed');
  for (const key of Object.keys(expected)) assert.deepEqual(actual[key], expected[key], key);
});

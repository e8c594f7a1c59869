import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  DatapathError,
  DEFAULT_TOPOLOGY,
  parseTopology,
  resolveTopology,
  trace,
  validateTopology,
  type Topology,
  type TopologyFile,
} from '../../src/core';
import { GO_BOOL_FALSE, GO_BOOL_TRUE } from '../../src/core/model/cilium-config';
import { CONFIG_KEYS } from '../../src/core/model/cilium-config-keys';
import {
  ciliumConfigKeyProperties,
  TOPOLOGY_SCHEMA_PATH,
  topologyJsonSchema,
  topologyJsonSchemaText,
} from '../../src/core/topology/topology-json-schema';
import { isValidTrace } from '../../src/protocol/validate-trace';

const base = (): Record<string, unknown> => ({
  name: 't',
  nodes: [
    { name: 'a', ip: '192.168.1.10', podCidr: '10.1.0.0/24' },
    { name: 'b', ip: '192.168.1.11', podCidr: '10.1.1.0/24' },
  ],
  pods: [
    { name: 'p', node: 'a', ip: '10.1.0.5', endpointId: 10 },
    { name: 'q', node: 'b', ip: '10.1.1.5', endpointId: 11 },
  ],
});

function issues(mutate: (t: any) => void): string[] {
  const t: any = base();
  mutate(t);
  return validateTopology(t).issues.map((i) => i.message);
}

describe('topology validation names the offending field and value', () => {
  test('the bundled default and a minimal file are valid', () => {
    assert.deepEqual(validateTopology(JSON.parse(JSON.stringify(DEFAULT_TOPOLOGY))).issues, []);
    assert.deepEqual(validateTopology(base()).issues, []);
  });
  test('endpoint ids are per node: two nodes may both have endpoint 10 (each agent allocates its own)', () => {
    const t: any = base();
    t.pods[1].endpointId = 10;
    assert.deepEqual(validateTopology(t).issues, []);
  });
  const cases: Array<[string, (t: any) => void, RegExp]> = [
    [
      'bad CIDR',
      (t) => (t.nodes[0].podCidr = '10.1.0.0/33'),
      /\$\.nodes\[0\]\.podCidr: "10\.1\.0\.0\/33" is not a CIDR/,
    ],
    ['host bits in CIDR', (t) => (t.nodes[0].podCidr = '10.1.0.1/24'), /\$\.nodes\[0\]\.podCidr/],
    [
      'pod outside its PodCIDR',
      (t) => (t.pods[0].ip = '10.9.0.5'),
      /\$\.pods\[0\]\.ip: "10\.9\.0\.5" is outside a's podCidr 10\.1\.0\.0\/24/,
    ],
    [
      'duplicate IP',
      (t) => (t.pods[1] = { ...t.pods[1], node: 'a', ip: '10.1.0.5' }),
      /\$\.pods\[1\]\.ip: duplicate IP "10\.1\.0\.5"/,
    ],
    ['duplicate name', (t) => (t.pods[1].name = 'p'), /\$\.pods\[1\]\.name: duplicate pod name "p"/],
    [
      'duplicate endpoint id on one node',
      (t) => (t.pods[1] = { ...t.pods[1], node: 'a', ip: '10.1.0.6', endpointId: 10 }),
      /\$\.pods\[1\]\.endpointId: duplicate endpoint id 10 on "a"/,
    ],
    [
      'unknown mode',
      (t) => (t.mode = 'vlan'),
      /\$\.mode: "vlan" is not a datapath mode; use one of vxlan, geneve, native, ipvlan/,
    ],
    ['unknown node', (t) => (t.pods[0].node = 'zz'), /\$\.pods\[0\]\.node: "zz" is not a node/],
    [
      'bad IP',
      (t) => (t.nodes[1].ip = '300.1.1.1'),
      /\$\.nodes\[1\]\.ip: "300\.1\.1\.1" is not an IPv4 address/,
    ],
    ['missing field', (t) => delete t.pods[0].endpointId, /\$\.pods\[0\]\.endpointId: is required/],
    ['unknown field', (t) => (t.pods[0].colour = 'red'), /\$\.pods\[0\]\.colour: unknown field/],
    [
      'IPVLAN across subnets',
      (t) => {
        t.mode = 'ipvlan';
        t.nodes[1].ip = '192.168.2.11';
      },
      /\$\.nodes\[1\]\.ip: "192\.168\.2\.11" is not in a's subnet 192\.168\.1\.0\/24: IPVLAN .* one subnet/,
    ],
    ['not an object', (t) => (t.nodes = 'x'), /\$\.nodes: must be a non-empty array/],
    // #13: strict IPv4, PodCIDRs that make sense, one owner per address
    [
      'leading zeros in an IP',
      (t) => (t.pods[0].ip = '010.1.0.5'),
      /\$\.pods\[0\]\.ip: "010\.1\.0\.5" is not an IPv4 address/,
    ],
    [
      'leading zeros in a PodCIDR',
      (t) => (t.nodes[0].podCidr = '10.01.0.0/24'),
      /\$\.nodes\[0\]\.podCidr: "10\.01\.0\.0\/24" is not a CIDR/,
    ],
    [
      '0.0.0.0/0 PodCIDR',
      (t) => (t.nodes[0].podCidr = '0.0.0.0/0'),
      /\$\.nodes\[0\]\.podCidr: "0\.0\.0\.0\/0" cannot be a node's PodCIDR/,
    ],
    [
      'overlapping PodCIDRs',
      (t) => {
        t.nodes[0].podCidr = '10.1.0.0/16';
        t.pods[1].ip = '10.1.1.6';
      },
      /\$\.nodes\[1\]\.podCidr: "10\.1\.1\.0\/24" overlaps a's podCidr 10\.1\.0\.0\/16/,
    ],
    [
      "pod with its node's derived cilium_host IP",
      (t) => (t.pods[0].ip = '10.1.0.1'),
      /\$\.pods\[0\]\.ip: duplicate IP "10\.1\.0\.1", already used by \$\.nodes\[0\]\.ciliumHostIp/,
    ],
    [
      "pod with its node's explicit cilium_host IP",
      (t) => {
        t.nodes[0].ciliumHostIp = '10.1.0.196';
        t.pods[0].ip = '10.1.0.196';
      },
      /\$\.pods\[0\]\.ip: duplicate IP "10\.1\.0\.196"/,
    ],
    [
      'pod on the broadcast address',
      (t) => (t.pods[0].ip = '10.1.0.255'),
      /\$\.pods\[0\]\.ip: "10\.1\.0\.255" is the broadcast address of a's podCidr/,
    ],
    // #8: overrides are validated like the fields they replace
    [
      'override with a number for a PodCIDR',
      (t) => (t.overrides = { vxlan: { nodes: { a: { podCidr: 5 } } } }),
      /\$\.overrides\.vxlan\.nodes\.a\.podCidr: 5 is not a CIDR/,
    ],
    [
      'override with a bad IP',
      (t) => (t.overrides = { geneve: { pods: { p: { ip: '999.1.1.1' } } } }),
      /\$\.overrides\.geneve\.pods\.p\.ip: "999\.1\.1\.1" is not an IPv4 address/,
    ],
    [
      'override with a string endpoint id',
      (t) => (t.overrides = { vxlan: { pods: { p: { endpointId: 'abc' } } } }),
      /\$\.overrides\.vxlan\.pods\.p\.endpointId: "abc" must be an integer from 1 to 65535/,
    ],
    [
      'override with an unknown field',
      (t) => (t.overrides = { vxlan: { pods: { p: { colour: 'red' } } } }),
      /\$\.overrides\.vxlan\.pods\.p\.colour: unknown field; valid fields are ip, ipv6, endpointId/,
    ],
    [
      'override renaming a pod (markup in the name)',
      (t) => (t.overrides = { vxlan: { pods: { p: { name: '<img src=x onerror=alert(1)>' } } } }),
      /\$\.overrides\.vxlan\.pods\.p\.name: unknown field/,
    ],
    [
      'override of an unknown node',
      (t) => (t.overrides = { native: { nodes: { zz: { ip: '192.168.1.12' } } } }),
      /\$\.overrides\.native\.nodes\.zz: "zz" is not a node; nodes are a, b/,
    ],
    [
      'override of an unknown pod',
      (t) => (t.overrides = { ipvlan: { pods: { zz: {} } } }),
      /\$\.overrides\.ipvlan\.pods\.zz: "zz" is not a pod; pods are p, q/,
    ],
    [
      'override that is not an object',
      (t) => (t.overrides = { vxlan: { nodes: { a: 'x' } } }),
      /\$\.overrides\.vxlan\.nodes\.a: must be an object, got "x"/,
    ],
    [
      'override breaking a rule across the document',
      (t) => (t.overrides = { geneve: { pods: { q: { ip: '10.1.0.5' } } } }),
      /\$ with overrides\.geneve applied: \$\.pods\[1\]\.ip: "10\.1\.0\.5" is outside b's podCidr/,
    ],
    // #9 and #15: names fit a trace and a terminal
    [
      'host veth longer than IFNAMSIZ - 1',
      (t) => (t.pods[0].hostVeth = 'v'.repeat(16)),
      /\$\.pods\[0\]\.hostVeth: "v{16}" is not a Linux interface name/,
    ],
    [
      'node name too long for a wire hop ("a → b" ≤ 100 characters)',
      (t) => {
        t.nodes[0].name = 'n'.repeat(49);
        t.pods[0].node = 'n'.repeat(49);
      },
      /\$\.nodes\[0\]\.name: "n{49}" is not a valid node name \(letters, digits, \. _ -; at most 48 characters\)/,
    ],
    [
      'device with a newline (Mermaid line injection)',
      (t) => (t.nodes[0].device = 'eth0\n  Note over x: injected'),
      /\$\.nodes\[0\]\.device: "eth0\\n {2}Note over x: inje.*" is not a Linux interface name/,
    ],
    [
      'topology name with terminal escapes',
      (t) => (t.name = '\u001b]0;pwned\u0007\u001b[2J'),
      /\$\.name: "\\u001b\]0;pwned\\u0007\\u001b\[2J" contains control characters/,
    ],
    [
      'details line with a C1 control',
      (t) => (t.nodes[0].details = ['\u009b2J']),
      /\$\.nodes\[0\]\.details\[0\]: "\\u009b2J" contains control characters/,
    ],
    [
      'route device with a space',
      (t) =>
        (t.nodes[0].extraRoutes = [
          { destination: '172.17.0.0', gateway: '0.0.0.0', genmask: '255.255.0.0', flags: 'U', iface: 'a b' },
        ]),
      /\$\.nodes\[0\]\.extraRoutes\[0\]\.iface: "a b" is not a Linux interface name/,
    ],
    // new fields
    [
      'namespace not a DNS label',
      (t) => (t.pods[0].namespace = 'Kube_System'),
      /\$\.pods\[0\]\.namespace: "Kube_System" is not a Kubernetes namespace/,
    ],
    [
      'label key with a space',
      (t) => (t.pods[0].labels = { 'my app': 'x' }),
      /\$\.pods\[0\]\.labels\["my app"\]: "my app" is not a Kubernetes label key/,
    ],
    [
      'label value starting with a dash',
      (t) => (t.pods[0].labels = { app: '-web' }),
      /\$\.pods\[0\]\.labels\.app: "-web" is not a Kubernetes label value/,
    ],
    [
      'label value of 64 characters',
      (t) => (t.pods[0].labels = { app: 'a'.repeat(64) }),
      /\$\.pods\[0\]\.labels\.app: "a+"… \(64 characters\) is not a Kubernetes label value/,
    ],
    [
      'label key with a prototype name',
      (t) => (t.pods[0].labels = JSON.parse('{"__proto__": "x"}')),
      /\$\.pods\[0\]\.labels\.__proto__: is not allowed as a field or key/,
    ],
    [
      'namespace entry with an unknown field',
      (t) => (t.namespaces = { prod: { labels: {}, owner: 'me' } }),
      /\$\.namespaces\.prod\.owner: unknown field; valid fields are labels/,
    ],
    [
      'absolute policy file',
      (t) => (t.policyFiles = ['/etc/passwd']),
      /\$\.policyFiles\[0\]: "\/etc\/passwd" is not a relative path/,
    ],
    [
      'duplicate policy file',
      (t) => (t.policyFiles = ['p.yaml', 'p.yaml']),
      /\$\.policyFiles\[1\]: duplicate policy file, already \$\.policyFiles\[0\]/,
    ],
    [
      'config value that is an object',
      (t) => (t.config = { 'routing-mode': { native: true } }),
      /\$\.config\.routing-mode: .* must be a string, boolean or number \(a ConfigMap value\)/,
    ],
    [
      'config key with a space',
      (t) => (t.config = { 'routing mode': 'native' }),
      /\$\.config\["routing mode"\]: "routing mode" is not a cilium-config key/,
    ],
    [
      'config with too many keys',
      (t) => (t.config = Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, 'x']))),
      /\$\.config: has 257 keys; at most 256 are allowed/,
    ],
    [
      'one identity for different labels',
      (t) => {
        t.pods[0] = { ...t.pods[0], identity: 300, labels: { app: 'a' } };
        t.pods[1] = { ...t.pods[1], identity: 300, labels: { app: 'b' } };
      },
      /\$\.pods\[1\]\.identity: identity 300 is also \$\.pods\[0\]'s, whose namespace or labels differ/,
    ],
    [
      'one identity in two namespaces',
      (t) => {
        t.pods[0] = { ...t.pods[0], identity: 300 };
        t.pods[1] = { ...t.pods[1], identity: 300, namespace: 'prod' };
      },
      /\$\.pods\[1\]\.identity: identity 300 is also/,
    ],
    [
      'two identities for equal labels',
      (t) => {
        t.pods[0] = { ...t.pods[0], identity: 300, labels: { app: 'a' } };
        t.pods[1] = { ...t.pods[1], identity: 301, labels: { app: 'a' } };
      },
      /\$\.pods\[1\]\.identity: 301 differs from \$\.pods\[0\]'s identity 300/,
    ],
  ];
  for (const [name, mutate, expected] of cases) {
    test(name, () => {
      const found = issues(mutate);
      assert.ok(
        found.some((m) => expected.test(m)),
        `expected ${expected} in ${JSON.stringify(found)}`,
      );
    });
  }
  test('a topology file that reads well: labels, namespaces, policy files', () => {
    const file: TopologyFile = {
      name: 'labelled',
      nodes: [{ name: 'a', ip: '192.168.1.10', podCidr: '10.1.0.0/24' }],
      pods: [
        {
          name: 'web-1',
          node: 'a',
          ip: '10.1.0.5',
          endpointId: 10,
          labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' },
        },
        {
          name: 'web-2',
          node: 'a',
          ip: '10.1.0.6',
          endpointId: 11,
          labels: { 'app.kubernetes.io/part-of': 'shop', app: 'web' },
        },
        {
          name: 'db',
          node: 'a',
          ip: '10.1.0.7',
          endpointId: 12,
          namespace: 'data',
          labels: { app: 'db', tier: '' },
        },
      ],
      namespaces: { data: { labels: { team: 'storage' } }, default: {} },
      policyFiles: ['policies/allow-web.yaml', '../shared/deny-all.json'],
      config: { 'routing-mode': 'native', 'enable-ipv6': true, mtu: 1450 },
    };
    const t: Topology = parseTopology(JSON.stringify(file));
    assert.deepEqual(
      t.pods.map((p) => [p.name, p.namespace, p.identity]),
      [
        ['web-1', 'default', 256],
        ['web-2', 'default', 256], // equal labels (in any order): the same identity by default
        ['db', 'data', 258],
      ],
    );
    assert.deepEqual(t.namespaces, { data: { labels: { team: 'storage' } }, default: { labels: {} } });
    assert.deepEqual(t.policyFiles, ['policies/allow-web.yaml', '../shared/deny-all.json']);
    // ConfigMap data: strings as kubectl prints them; JSON booleans and numbers keep their string form
    assert.deepEqual(t.config, { 'routing-mode': 'native', 'enable-ipv6': 'true', mtu: '1450' });
    assert.deepEqual(resolveTopology(t, 'vxlan').namespaces, t.namespaces);
  });

  test('defaults: namespace "default", no labels, no namespaces, no policy files', () => {
    const t = parseTopology(JSON.stringify(base()));
    assert.deepEqual(
      t.pods.map((p) => [p.namespace, p.labels, p.identity, p.hostVeth]),
      [
        ['default', {}, 256, 'lxc000a'],
        ['default', {}, 257, 'lxc000b'],
      ],
    );
    assert.deepEqual(
      [t.namespaces, t.policyFiles, t.nodes[0]!.device, t.nodes[0]!.ciliumHostIp],
      [{}, [], 'eth0', '10.1.0.1'],
    );
  });

  test('the seed pods carry labels that match their identities', () => {
    const seed = parseTopology(JSON.stringify(DEFAULT_TOPOLOGY));
    assert.deepEqual(
      seed.pods.map((p) => [p.name, p.namespace, p.labels, p.identity]),
      [
        ['pod0', 'default', { app: 'frontend' }, 48312],
        ['pod1', 'default', { app: 'frontend' }, 48312],
        ['pod2', 'default', { app: 'backend' }, 51977],
        ['pod3', 'default', { app: 'backend' }, 51977],
      ],
    );
    assert.deepEqual(seed, JSON.parse(JSON.stringify(DEFAULT_TOPOLOGY)), 'the default is its own parse');
  });

  test('overrides replace only the fields they name, and only in their mode', () => {
    const t: any = base();
    t.overrides = { ipvlan: { nodes: { a: { mac: 'a4:ae:11:18:c4:2d' } }, pods: { p: { ip: '10.1.0.9' } } } };
    const topo = parseTopology(JSON.stringify(t));
    const ipvlan = resolveTopology(topo, 'ipvlan');
    assert.equal(ipvlan.nodes[0]!.mac, 'a4:ae:11:18:c4:2d');
    assert.equal(ipvlan.nodes[0]!.device, 'eth0', 'a patch carries no defaults');
    assert.equal(ipvlan.pods[0]!.ip, '10.1.0.9');
    assert.equal(ipvlan.pods[0]!.endpointId, 10);
    assert.equal(resolveTopology(topo, 'vxlan').pods[0]!.ip, '10.1.0.5');
  });

  test('a valid topology traces into a trace the webview accepts, even at the length limits (#9)', () => {
    const t: any = base();
    const [a, b] = ['a'.repeat(48), 'b'.repeat(48)];
    t.nodes[0] = { ...t.nodes[0], name: a, device: 'e'.repeat(15) };
    t.nodes[1] = { ...t.nodes[1], name: b, device: 'f'.repeat(15) };
    t.pods[0] = { ...t.pods[0], name: 'p'.repeat(63), node: a, hostVeth: 'v'.repeat(15) };
    t.pods[1] = { ...t.pods[1], name: 'q'.repeat(63), node: b, hostVeth: 'w'.repeat(15) };
    const topo = parseTopology(JSON.stringify(t));
    for (const mode of ['vxlan', 'geneve', 'native'] as const) {
      const result = trace({ mode, from: 'p'.repeat(63), to: 'q'.repeat(63) }, topo);
      assert.ok(isValidTrace(JSON.parse(JSON.stringify(result))), `${mode}: the webview refuses the trace`);
    }
  });

  test('5,000 levels of nesting: a DatapathError naming where, not a stack overflow (#12)', () => {
    const deep = `{"nodes":${'['.repeat(5000)}${']'.repeat(5000)},"pods":[]}`;
    assert.throws(
      () => parseTopology(deep, 'deep.json'),
      (e: unknown) =>
        e instanceof DatapathError &&
        /^deep\.json is invalid: \$\.nodes(\[0\]){31}: is nested more than 32 levels deep/.test(e.message),
    );
    const wide: any = base();
    wide.nodes[0].details = [];
    let inner: unknown[] = wide.nodes[0].details;
    for (let i = 0; i < 100_000; i++) inner.push((inner = []));
    assert.match(validateTopology(wide).issues[0]!.message, /is nested more than 32 levels deep/);
  });

  test('messages are bounded: at most 20 issues, at most 60 characters of any value (#14)', () => {
    const t: any = base();
    t.name = 'x'.repeat(1_000_000);
    for (let i = 0; i < 100_000; i++) t.pods.push({ name: `p${i}`, node: 'a', ip: 'x', endpointId: 1 });
    let message = '';
    try {
      parseTopology(JSON.stringify(t), 'big.json');
    } catch (e) {
      message = (e as Error).message;
    }
    assert.ok(message.length < 4000, `${message.length} characters`);
    assert.match(
      message,
      /^big\.json is invalid: \$\.name: "x{57}"… \(1000000 characters\) is longer than 200 characters/,
    );
    assert.match(message, /; \$: 99981 more issues not listed$/);
    assert.equal(message.split('; ').length, 21);
  });

  test('no message carries a control character from the document (#15)', () => {
    const t: any = base();
    t.nodes[0].device = 'eth0\u001b]0;pwned\u0007';
    t.pods[0].hostVeth = 'v\nNote over x';
    t.nodes[1].details = ['a\u009b2J', 'b\u202e'];
    t.overrides = { vxlan: JSON.parse('{"nodes": {"a\\u001b[31m": {}}}') };
    const messages = validateTopology(t).issues.map((i) => i.message);
    assert.equal(messages.length, 5, messages.join('\n'));
    for (const m of messages) assert.doesNotMatch(m, /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/, m);
  });

  test('invalid JSON: the error says where, never what the file contains (#18)', () => {
    assert.throws(
      () => parseTopology('root:x:0:0:root:/root:/bin/bash', 'Topology file /etc/passwd'),
      (e: unknown) => e instanceof DatapathError && !/root:x/.test(e.message),
    );
    assert.throws(
      () => parseTopology('{"a" 1}', 'x.json'),
      /x\.json is not valid JSON: expected ':' after property name at line 1, column 6$/,
    );
  });

  test('parseTopology: invalid JSON and invalid content are one DatapathError each', () => {
    assert.throws(() => parseTopology('{', 'x.json'), /x\.json is not valid JSON/);
    assert.throws(
      () => parseTopology('[]', 'x.json'),
      /x\.json is invalid: \$: a topology must be a JSON object/,
    );
    assert.equal(parseTopology(JSON.stringify(base())).pods.length, 2);
  });
});

describe('the topology format is defined once', () => {
  test(`${TOPOLOGY_SCHEMA_PATH} is what the definition generates (node scripts/gen-schema.mjs)`, () => {
    const committed = readFileSync(join(__dirname, '../../..', TOPOLOGY_SCHEMA_PATH), 'utf8');
    assert.equal(committed, topologyJsonSchemaText(), 'stale schema: run node scripts/gen-schema.mjs');
  });

  test('the cilium-config keys the model reads are offered in the topology config and in ciliumDatapath.config (node scripts/gen-schema.mjs)', () => {
    const properties = ciliumConfigKeyProperties();
    assert.deepEqual(Object.keys(properties).sort(), CONFIG_KEYS.map((k) => k.key).sort());
    const schema = topologyJsonSchema() as any;
    assert.deepEqual(schema.definitions.ciliumConfig.properties, properties);
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../..', 'package.json'), 'utf8'));
    assert.deepEqual(
      manifest.contributes.configuration.properties['ciliumDatapath.config'].properties,
      JSON.parse(JSON.stringify(properties)),
      'stale package.json: run node scripts/gen-schema.mjs',
    );
    // each release's values, and the default with its Go source line, come from the model's rows
    // v1.16.0 pkg/defaults/defaults.go:547 (routing-mode tunnel)
    assert.match(
      properties['routing-mode']!.description,
      /Default: tunnel from v1\.14 \(v1\.16\.0 pkg\/defaults\/defaults\.go:547\)/,
    );
    assert.deepEqual(properties['datapath-mode']!.anyOf[0], {
      enum: ['veth', 'ipvlan', 'netkit', 'netkit-l2'],
    });
    assert.match(properties['datapath-mode']!.description, /veth, netkit, netkit-l2 \(v1\.16 and later\)/);
  });

  test('the schema accepts the spellings the model reads: Go booleans, values with spaces around', () => {
    const properties = ciliumConfigKeyProperties();
    const boolPattern = new RegExp(properties['enable-ipv6']!.anyOf[1]!['pattern'] as string, 'u');
    for (const v of [...GO_BOOL_TRUE, ...GO_BOOL_FALSE, ' true ']) assert.match(v, boolPattern);
    for (const v of ['yes', 'on', 'TRue', '']) assert.doesNotMatch(v, boolPattern);
    const modePattern = new RegExp(properties['datapath-mode']!.anyOf[1]!['pattern'] as string, 'u');
    assert.match(' netkit ', modePattern);
    assert.doesNotMatch('netkit-l3', modePattern);
  });

  test('the manifest points VS Code at that file', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../..', 'package.json'), 'utf8'));
    assert.deepEqual(
      manifest.contributes.jsonValidation.map((v: { url: string }) => v.url),
      [`./${TOPOLOGY_SCHEMA_PATH}`],
    );
  });

  test('every pattern compiles as VS Code compiles it (unicode flag)', () => {
    const patterns: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === 'pattern') patterns.push(x as string);
          else walk(x);
        }
    };
    walk(topologyJsonSchema());
    assert.ok(patterns.length > 10);
    for (const p of patterns) assert.doesNotThrow(() => new RegExp(p, 'u'), p);
  });

  test('the schema describes overrides, namespaces, labels and policy files', () => {
    const schema = topologyJsonSchema() as any;
    assert.deepEqual(Object.keys(schema.properties), [
      '$schema',
      'name',
      'mode',
      'ciliumVersion',
      'nodes',
      'pods',
      'namespaces',
      'policyFiles',
      'config',
      'services',
      'overrides',
    ]);
    assert.equal(schema.definitions.ciliumConfig.propertyNames.maxLength, 128);
    assert.equal(schema.definitions.service.properties.type.default, 'ClusterIP');
    assert.deepEqual(schema.definitions.service.required, ['name', 'clusterIP', 'ports']);
    assert.equal(schema.definitions.podOverride.additionalProperties, false);
    assert.equal(schema.definitions.podOverride.properties.endpointId.type, 'integer');
    assert.equal(schema.definitions.pod.properties.namespace.default, 'default');
    assert.equal(schema.definitions.pod.properties.hostVeth.maxLength, 15);
  });
});

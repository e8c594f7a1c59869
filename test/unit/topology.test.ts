import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_TOPOLOGY, parseTopology, validateTopology } from '../../src/core';

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
      'duplicate endpoint id',
      (t) => (t.pods[1].endpointId = 10),
      /\$\.pods\[1\]\.endpointId: duplicate endpoint id 10/,
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
  test('parseTopology: invalid JSON and invalid content are one DatapathError each', () => {
    assert.throws(() => parseTopology('{', 'x.json'), /x\.json is not valid JSON/);
    assert.throws(
      () => parseTopology('[]', 'x.json'),
      /x\.json is invalid: \$: a topology must be a JSON object/,
    );
    assert.equal(parseTopology(JSON.stringify(base())).pods.length, 2);
  });
});

/**
 * The skb control buffer per release (src/core/model/skb-cb.ts): the five cb[] words of lib/common.h
 * and what a local delivery stores before the policy tail call. Every line below was read in the
 * release's tree (/work/trees/<tag>/bpf).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDefines, parseCiliumVersion, PRESETS } from '../../src/core';
import { cbLayout } from '../../src/core/model/skb-cb';

const OLD = 'CB_SRC_LABEL CB_IFINDEX CB_POLICY CB_NAT46_STATE CB_CT_STATE';
const NAT = 'CB_SRC_LABEL CB_IFINDEX CB_POLICY CB_NAT CB_CT_STATE';
const CB3 = 'CB_SRC_LABEL CB_IFINDEX CB_POLICY CB_3 CB_CT_STATE';
const NEW = 'CB_SRC_LABEL CB_1 CB_2 CB_3 CB_CT_STATE';
const TWO = 'CB_SRC_LABEL:0 CB_IFINDEX:1';
const THREE = `${TWO} CB_FROM_HOST:3`;
const FIVE = `${THREE} CB_FROM_TUNNEL:4 CB_CLUSTER_ID_INGRESS:2`;
const REDIRECT =
  'CB_SRC_LABEL:0 CB_DELIVERY_REDIRECT:1 CB_FROM_HOST:3 CB_FROM_TUNNEL:4 CB_CLUSTER_ID_INGRESS:2';

// release, enum (`enum {` of "ctx_{load,store}_meta() usage"), the words, the stores and the first store's line
const EXPECTED: Array<[string, string, string, string, string]> = [
  ['v1.4', 'v1.4.0 bpf/lib/common.h:338', OLD, TWO, 'v1.4.0 bpf/lib/l3.h:91'], // skb->cb[CB_SRC_LABEL] = seclabel;
  ['v1.5', 'v1.5.0 bpf/lib/common.h:399', OLD, TWO, 'v1.5.0 bpf/lib/l3.h:91'],
  ['v1.6', 'v1.6.0 bpf/lib/common.h:434', OLD, TWO, 'v1.6.0 bpf/lib/l3.h:103'],
  ['v1.7', 'v1.7.0 bpf/lib/common.h:489', OLD, TWO, 'v1.7.0 bpf/lib/l3.h:103'],
  ['v1.8', 'v1.8.0 bpf/lib/common.h:463', OLD, THREE, 'v1.8.0 bpf/lib/l3.h:92'], // + CB_FROM_HOST (:94)
  ['v1.9', 'v1.9.0 bpf/lib/common.h:500', OLD, THREE, 'v1.9.0 bpf/lib/l3.h:93'],
  ['v1.10', 'v1.10.0 bpf/lib/common.h:567', OLD, THREE, 'v1.10.0 bpf/lib/l3.h:99'],
  ['v1.11', 'v1.11.0 bpf/lib/common.h:577', OLD, THREE, 'v1.11.0 bpf/lib/l3.h:99'],
  ['v1.12', 'v1.12.0 bpf/lib/common.h:592', NAT, THREE, 'v1.12.0 bpf/lib/l3.h:99'], // CB_NAT (:608)
  ['v1.13', 'v1.13.0 bpf/lib/common.h:687', NAT, THREE, 'v1.13.0 bpf/lib/l3.h:122'],
  ['v1.14', 'v1.14.0 bpf/lib/common.h:763', NAT, FIVE, 'v1.14.0 bpf/lib/l3.h:115'], // + CB_FROM_TUNNEL, CB_CLUSTER_ID_INGRESS
  ['v1.15', 'v1.15.0 bpf/lib/common.h:796', CB3, FIVE, 'v1.15.0 bpf/lib/l3.h:120'],
  ['v1.16', 'v1.16.0 bpf/lib/common.h:813', CB3, FIVE, 'v1.16.0 bpf/lib/l3.h:111'],
  ['v1.17', 'v1.17.0 bpf/lib/common.h:838', NEW, REDIRECT, 'v1.17.0 bpf/lib/l3.h:105'], // CB_DELIVERY_REDIRECT, 1
  ['v1.18', 'v1.18.0 bpf/lib/common.h:650', NEW, REDIRECT, 'v1.18.0 bpf/lib/local_delivery.h:101'],
  ['v1.19', 'v1.19.0 bpf/lib/common.h:329', NEW, REDIRECT, 'v1.19.0 bpf/lib/local_delivery.h:110'],
  [
    'main',
    'main bpf/lib/common.h:327',
    NEW,
    'CB_SRC_LABEL:0 CB_DELIVERY_FLAGS:1 CB_FROM_HOST:3 CB_FROM_TUNNEL:4 CB_CLUSTER_ID_INGRESS:2',
    'main bpf/lib/local_delivery.h:134',
  ],
];

const V110 = parseCiliumVersion('v1.10');

describe('the skb control buffer per release', () => {
  for (const [release, enumCite, words, stores, storeCite] of EXPECTED)
    test(`${release}: ${enumCite}; the local delivery stores ${stores.split(' ').length} words`, () => {
      const layout = cbLayout(parseCiliumVersion(release));
      assert.equal(layout.cite, enumCite);
      assert.equal(layout.slots.join(' '), words);
      assert.equal(layout.policyHandoff.stores.map((s) => `${s.name}:${s.slot}`).join(' '), stores);
      assert.equal(layout.policyHandoff.cite, storeCite);
    });

  test('the build defines ENABLE_ROUTING unless endpoint routes (v1.10.0 pkg/datapath/linux/config/config.go:727)', () => {
    assert.ok(buildDefines(PRESETS.vxlan, V110).has('ENABLE_ROUTING'));
    assert.ok(buildDefines(PRESETS.ipvlan, V110).has('ENABLE_ROUTING'));
    assert.ok(!buildDefines({ ...PRESETS.vxlan, endpointRoutes: true }, V110).has('ENABLE_ROUTING'));
  });
});

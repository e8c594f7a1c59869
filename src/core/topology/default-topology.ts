/**
 * The bundled topology: the two seed documents, verbatim.
 * VXLAN (seed 001): Node0 172.26.50.101, Node1 172.26.50.102, Pod0 10.0.0.31, Pod3 10.0.1.72; Pod0's
 * host-side veth is veth0, Pod3's is veth1 (Pod1's on Node0 is veth1 too).
 * IPVLAN (seed 000): Node0 eth0 172.26.50.170/24, MAC a4:ae:11:18:c4:2d (shared by Pod0's eth0,
 * 10.0.0.71/32); cilium_host 10.0.0.196; Node1 172.26.50.102 owns 10.0.1.0/24; Node0's route table
 * as printed by `route -n`.
 * IPv6 (dual-stack, issue 12; our own addresses, the seed documents are IPv4 only): node0 owns
 * fd00:10::/64 (cilium_host fd00:10::1), node1 fd00:10:0:1::/64; traced with enable-ipv6=true.
 * Labels: pods with equal labels share a security identity in Cilium, so pod0/pod1 (identity 48312) are
 * app=frontend and pod2/pod3 (51977) app=backend, all in namespace default.
 */
import type { Topology } from './topology-types';

export const DEFAULT_TOPOLOGY: Topology = {
  name: 'seed documents (Node0/Node1, Pod0 → Pod3)',
  nodes: [
    {
      name: 'node0',
      ip: '172.26.50.101',
      subnetPrefix: 24,
      device: 'eth0',
      mac: '52:54:00:1a:50:65',
      podCidr: '10.0.0.0/24',
      ciliumHostIp: '10.0.0.196',
      gateway: '172.26.50.1',
      ipv6: 'fd00:172:26:50::101',
      ipv6PodCidr: 'fd00:10::/64',
      ipv6CiliumHostIp: 'fd00:10::1',
      extraRoutes: [
        {
          destination: '172.17.0.0',
          gateway: '0.0.0.0',
          genmask: '255.255.0.0',
          flags: 'U',
          iface: 'docker0',
        },
      ],
    },
    {
      name: 'node1',
      ip: '172.26.50.102',
      subnetPrefix: 24,
      device: 'eth0',
      mac: '52:54:00:1a:50:66',
      podCidr: '10.0.1.0/24',
      ciliumHostIp: '10.0.1.196',
      gateway: '172.26.50.1',
      ipv6: 'fd00:172:26:50::102',
      ipv6PodCidr: 'fd00:10:0:1::/64',
      ipv6CiliumHostIp: 'fd00:10:0:1::1',
    },
  ],
  pods: [
    {
      name: 'pod0',
      node: 'node0',
      ip: '10.0.0.31',
      ipv6: 'fd00:10::1f',
      endpointId: 1021,
      identity: 48312,
      hostVeth: 'veth0',
      mac: '0a:58:0a:00:00:1f',
      namespace: 'default',
      labels: { app: 'frontend' },
    },
    {
      name: 'pod1',
      node: 'node0',
      ip: '10.0.0.47',
      ipv6: 'fd00:10::2f',
      endpointId: 1533,
      identity: 48312,
      hostVeth: 'veth1',
      mac: '0a:58:0a:00:00:2f',
      namespace: 'default',
      labels: { app: 'frontend' },
    },
    {
      name: 'pod2',
      node: 'node1',
      ip: '10.0.1.15',
      ipv6: 'fd00:10:0:1::f',
      endpointId: 287,
      identity: 51977,
      hostVeth: 'veth0',
      mac: '0a:58:0a:00:01:0f',
      namespace: 'default',
      labels: { app: 'backend' },
    },
    {
      name: 'pod3',
      node: 'node1',
      ip: '10.0.1.72',
      ipv6: 'fd00:10:0:1::48',
      endpointId: 3044,
      identity: 51977,
      hostVeth: 'veth1',
      mac: '0a:58:0a:00:01:48',
      namespace: 'default',
      labels: { app: 'backend' },
    },
  ],
  namespaces: { default: { labels: { 'kubernetes.io/metadata.name': 'default' } } },
  policyFiles: [],
  config: {},
  services: [],
  overrides: {
    ipvlan: {
      nodes: {
        node0: {
          ip: '172.26.50.170',
          mac: 'a4:ae:11:18:c4:2d',
          details: [
            'altname enp2s0',
            'inet 172.26.50.170/24 brd 172.26.50.255',
            'inet6 fe80::a6ae:11ff:fe18:c42d/64',
          ],
        },
        node1: { mac: 'a4:ae:11:18:c4:3e' },
      },
      pods: {
        pod0: { ip: '10.0.0.71', mac: 'a4:ae:11:18:c4:2d' },
        pod1: { ip: '10.0.0.72', mac: 'a4:ae:11:18:c4:2d' },
        pod2: { mac: 'a4:ae:11:18:c4:3e' },
        pod3: { mac: 'a4:ae:11:18:c4:3e' },
      },
    },
  },
};

import type { DatapathMode } from '../model/model-types';

export interface TopologyRoute {
  destination: string;
  gateway: string;
  genmask: string;
  flags: string;
  iface: string;
}

export interface TopologyNode {
  name: string;
  /** the node's address on its native device */
  ip: string;
  /** prefix length of the node subnet (e.g. 24) */
  subnetPrefix: number;
  /** native device name, "eth0" */
  device: string;
  mac: string;
  podCidr: string;
  /** cilium_host's address (the router IP of this node's PodCIDR) */
  ciliumHostIp: string;
  /** default gateway of the node subnet */
  gateway?: string;
  /** extra connected routes that are not Cilium's (e.g. docker0) */
  extraRoutes?: TopologyRoute[];
  /** `ip addr` style details shown in hovers, e.g. "altname enp2s0" */
  details?: string[];
}

export interface TopologyPod {
  name: string;
  node: string;
  ip: string;
  endpointId: number;
  /** security identity; carried as VNI over tunnels */
  identity: number;
  /** host-side veth name in veth modes ("veth0", "lxc1a2b…") */
  hostVeth: string;
  mac: string;
  /** Kubernetes namespace (default "default") */
  namespace?: string;
  /** the pod's labels, which policies select */
  labels?: Record<string, string>;
}

/** Per-mode replacement of fields (the two seed documents use different addresses). */
export interface ModeOverride {
  nodes?: Record<string, Partial<Omit<TopologyNode, 'name'>>>;
  pods?: Record<string, Partial<Omit<TopologyPod, 'name' | 'node'>>>;
}

export interface Topology {
  name: string;
  mode?: DatapathMode;
  ciliumVersion?: string;
  nodes: TopologyNode[];
  pods: TopologyPod[];
  overrides?: Partial<Record<DatapathMode, ModeOverride>>;
  /** namespace labels, for namespaceSelector rules */
  namespaces?: Record<string, { labels?: Record<string, string> }>;
  /** policy manifests (YAML), relative to the topology file */
  policyFiles?: string[];
}

/** A topology with one mode's overrides applied. */
export interface ResolvedTopology {
  name: string;
  mode: DatapathMode;
  nodes: TopologyNode[];
  pods: TopologyPod[];
}

export interface TopologyIssue {
  /** JSON path of the offending field, e.g. "pods[2].ip" */
  path: string;
  message: string;
}

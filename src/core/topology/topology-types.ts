/**
 * The topology types, inferred from the one definition in `topology-schema.ts` (never written by hand):
 * `Topology` is what `parseTopology` returns (every default applied), `TopologyFile` what a file may say.
 */
import type * as z from 'zod';
import type { TopologySchemas } from './topology-schema';

export type TopologyRoute = z.output<TopologySchemas['TopologyRouteSchema']>;
export type TopologyNode = z.output<TopologySchemas['TopologyNodeSchema']>;
export type TopologyPod = z.output<TopologySchemas['TopologyPodSchema']>;
export type TopologyService = z.output<TopologySchemas['TopologyServiceSchema']>;
export type TopologyServicePort = z.output<TopologySchemas['TopologyServicePortSchema']>;
export type TopologyNamespace = z.output<TopologySchemas['TopologyNamespaceSchema']>;
/** One mode's replacement of one node's fields. */
export type NodeOverride = z.output<TopologySchemas['NodeOverrideSchema']>;
/** One mode's replacement of one pod's fields. */
export type PodOverride = z.output<TopologySchemas['PodOverrideSchema']>;
/** Per-mode replacement of fields (the two seed documents use different addresses). */
export type ModeOverride = z.output<TopologySchemas['ModeOverrideSchema']>;
/** A parsed topology: every default applied (pods have a namespace and labels, …). */
export type Topology = z.output<TopologySchemas['TopologySchema']>;
/** What a topology file may contain (before defaults). */
export type TopologyFile = z.input<TopologySchemas['TopologyFileSchema']>;
/** A topology with one mode's overrides applied. */
export type ResolvedTopology = z.output<TopologySchemas['ResolvedTopologySchema']>;

export interface TopologyIssue {
  /** JSON path of the offending field, e.g. "$.pods[2].ip" */
  path: string;
  /** "$.pods[2].ip: "x" is not an IPv4 address" */
  message: string;
}

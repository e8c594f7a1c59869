/**
 * The explain contract: what `cilium-datapath explain --format json` prints per input line, what the
 * language server's `cilium/explain` returns and the editor shows. See docs/explain-format.md.
 */
import type { Trace } from '../trace/trace-types';

export type ObservationKind = 'drop' | 'trace' | 'policy-verdict' | 'debug' | 'flow';

/** Which printer produced the line. */
export type ObservationFormat = 'monitor' | 'monitor-verbose' | 'hubble-text' | 'hubble-json';

export interface ObservedEndpoint {
  ip: string | null;
  port: number | null;
  /** numeric identity, or the name the monitor prints for a reserved one ("world", "host", "unknown") */
  identity: number | string | null;
  endpointId?: number;
  /** Hubble names the pod */
  pod?: string;
  namespace?: string;
}

export interface Observation {
  kind: ObservationKind;
  format: ObservationFormat;
  /** the line as given (trimmed) */
  input: string;
  /** FORWARDED / DROPPED … (Hubble), allow / deny / audit (policy verdicts) */
  verdict?: string;
  /** the release's drop reason constant, e.g. "DROP_POLICY" */
  reason?: string;
  /** its value in that release (negative, as the datapath returns it) */
  reasonCode?: number;
  /** the reason as the line printed it */
  reasonText?: string;
  /** the source file the drop names, as the monitor printed it ("bpf_lxc.c", "lib/icmp6.h") */
  file?: string;
  /** the numeric file id (v1.13's monitor, or an id the monitor did not know) */
  fileId?: number;
  line?: number;
  /** the enclosing C function of `file:line` in the checkout */
  function?: string;
  /** the checkout-relative path `file` resolved to */
  path?: string;
  /** where the event was observed: to-endpoint, from-network, to-overlay, … */
  observationPoint?: string;
  source: ObservedEndpoint;
  destination: ObservedEndpoint;
  /** tcp, udp, icmp, icmpv6, sctp, arp … */
  protocol?: string;
  /** TCP flags or ICMP type as printed */
  summary?: string;
  ifindex?: number | string;
  /** the monitor's flow hash */
  flow?: string;
  /** conntrack state (trace events) */
  state?: string;
  /** policy verdict: ingress or egress */
  direction?: string;
  /** policy verdict: L3-Only, L3-L4, L4-Only, all, none */
  match?: string;
  /** debug events: the message */
  message?: string;
  /** the release the line was decoded for */
  ciliumVersion: string;
  /** the model's trace of the flow up to where it was observed or dropped */
  trace?: Trace;
  warnings: string[];
}

/** One input line that could not be read. */
export interface ObservationError {
  input: string;
  error: string;
}

/** What a format's parser returns: the observation before the model decodes it. */
export type ParsedObservation = Omit<Observation, 'ciliumVersion' | 'warnings'> & { warnings?: string[] };

export type ParsedLine = { ok: true; observation: ParsedObservation } | { ok: false; error: string };

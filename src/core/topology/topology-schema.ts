/**
 * The topology format, defined once. From these zod schemas come:
 * - the TypeScript types (`topology-types.ts` re-exports them under their historical names);
 * - the runtime validation (`parse-topology.ts` runs `TopologyFileSchema`, then adds the checks that
 *   need the whole document: uniqueness, PodCIDR overlaps, pods inside their node's PodCIDR…);
 * - `schemas/topology.schema.json` (`topology-json-schema.ts`, written by `scripts/gen-schema.mjs`;
 *   a unit test fails when the committed file differs).
 *
 * Three shapes share every field rule: the FILE shape (what a topology file may say: optional fields,
 * static defaults), the PARSED shape (what `parseTopology` returns: every default applied) and the
 * PATCH shape of `overrides` (every field optional, no defaults, `name`/`node` not overridable).
 *
 * Every rule carries its own message (`"x" is not an IPv4 address`); the parser prefixes the JSON path.
 */
import * as z from 'zod';
import { DATAPATH_MODES, type DatapathMode } from '../model/model-types';
import { parseCiliumVersion } from '../model/versions';
import { isIpv6, parseCidr } from '../util/ip';
import { quote } from './quote';

// zod compiles object parsers with `new Function` unless told not to, and probes for it when a schema
// is built. The core also runs where eval is forbidden (the webview's CSP; our bundles carry no eval),
// so this must run before the first schema below is constructed.
z.config({ jitless: true });

/** Descriptions and `$ref` names for the generated JSON Schema (kept out of zod's global registry). */
export const TOPOLOGY_SCHEMA_META = z.registry<{ id?: string; description?: string; title?: string }>();
const doc = <T extends z.ZodType>(schema: T, description: string, id?: string): T => {
  TOPOLOGY_SCHEMA_META.add(schema, id ? { id, description } : { description });
  return schema;
};

// ---------------------------------------------------------------------------------------------
// Limits (#9, #14, #15)

export const TOPOLOGY_LIMITS = {
  /** pod names (a DNS label's length) */
  podName: 63,
  /** node names: a wire hop is named "node0 → node1", and a hop's node is at most 100 characters */
  nodeName: 48,
  /** device and veth names: Linux IFNAMSIZ - 1 */
  ifname: 15,
  /** free text: the topology's name, `details` lines */
  text: 200,
  details: 32,
  extraRoutes: 64,
  labels: 64,
  policyFiles: 256,
  services: 256,
  servicePorts: 32,
  path: 1024,
  /** cilium-config keys in one topology */
  configKeys: 256,
  /** a cilium-config key's and value's length */
  configKey: 128,
  configValue: 1024,
} as const;

// ---------------------------------------------------------------------------------------------
// Messages

type Sentence = (input: unknown) => string;
interface RawIssue {
  readonly code?: string;
  readonly input?: unknown;
}

/** zod's `error` option: "is required" for a missing value, else the field's own sentence. */
function says(sentence: Sentence): { error: (iss: RawIssue) => string } {
  return {
    error: (iss) =>
      iss.code === 'invalid_type' && iss.input === undefined ? 'is required' : sentence(iss.input),
  };
}

/** A string rule: bounded length first (the pattern never sees a huge string), then the pattern. */
function text(pattern: RegExp, max: number, sentence: Sentence) {
  const e = says(sentence);
  return z
    .string(e)
    .max(max, { ...e, abort: true })
    .regex(pattern, e);
}

/** A strict object: unknown fields are errors that list the valid ones. */
function strict<S extends z.core.$ZodLooseShape>(
  shape: S,
  { unknownField, notObject = 'must be an object' }: { unknownField?: string; notObject?: string } = {},
) {
  return z.strictObject(shape, {
    error: (iss: RawIssue & { inst?: unknown }) => {
      if (iss.code === 'unrecognized_keys') {
        const inst = iss.inst as { _zod?: { def?: { shape?: object } } } | undefined;
        return (
          unknownField ??
          `unknown field; valid fields are ${Object.keys(inst?._zod?.def?.shape ?? shape).join(', ')}`
        );
      }
      return iss.input === undefined ? 'is required' : `${notObject}, got ${quote(iss.input)}`;
    },
  });
}

const int = (min: number, max: number) => {
  const e = says((v) => `${quote(v)} must be an integer from ${min} to ${max}`);
  return z.int(e).min(min, e).max(max, e);
};

/** `what`: "a non-empty array of nodes"; `max`: the most items allowed (none: no limit). */
const array = <T extends z.ZodType>(
  item: T,
  what: string,
  { min = 0, max }: { min?: number; max?: number },
) => {
  const e = says((v) =>
    Array.isArray(v) && max !== undefined && v.length > max
      ? `has ${v.length} items; at most ${max} are allowed`
      : `must be ${what}, got ${quote(v)}`,
  );
  const schema = min ? z.array(item, e).min(min, e) : z.array(item, e);
  return max === undefined ? schema : schema.max(max, e);
};

const record = <K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, what: string) =>
  z.record(
    key,
    value,
    says((v) => `must be ${what}, got ${quote(v)}`),
  );

// ---------------------------------------------------------------------------------------------
// Field rules

const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])';
/** Dotted quad without leading zeros (`010.0.0.1` is not 10.0.0.1 everywhere: #13). */
export const IPV4_PATTERN = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
const CIDR_PATTERN = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`);
const MAC_PATTERN = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
/** node and pod names: letters, digits, `.`, `_`, `-`; starts with a letter or digit */
const namePattern = (max: number): RegExp => new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${max - 1}}$`);
/** Linux interface names as `ip link` accepts them (no `/`, `:`, whitespace; not `.`/`..`), ≤ 15 */
export const IFNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,14}$/;
/** Kubernetes namespace: an RFC 1123 DNS label */
const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = '[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*';
const LABEL_NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
/** Kubernetes label key: optional DNS-subdomain prefix and `/`, then a name of ≤ 63 characters */
const LABEL_KEY_PATTERN = new RegExp(`^(${DNS_SUBDOMAIN}/)?${LABEL_NAME}$`);
/** Kubernetes label value: empty, or a name of ≤ 63 characters */
const LABEL_VALUE_PATTERN = new RegExp(`^(${LABEL_NAME})?$`);
/** One line of text a terminal, a Mermaid diagram and a hover show as it is (#15). */
const SAFE_TEXT_PATTERN = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/;
/** A relative path (no leading `/` or `\`, no drive letter) without control characters. */
const RELATIVE_PATH_PATTERN =
  /^(?![/\\]|[A-Za-z]:)[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+$/;
const VERSION_PATTERN = /^(main|v?1\.\d{1,3}(\.\d{1,3})?)$/;
const FLAGS_PATTERN = /^[UGHRDMAC!]{1,8}$/;

const ipv4 = () =>
  doc(
    text(IPV4_PATTERN, 15, (v) => `${quote(v)} is not an IPv4 address`),
    'IPv4 address',
  );
/** An IPv6 address in any RFC 4291 text form (no zone id); traces compare its RFC 5952 form. */
const ipv6 = () => {
  const e = says((v) => `${quote(v)} is not an IPv6 address`);
  return doc(
    z
      .string(e)
      .max(45, { ...e, abort: true })
      .refine(isIpv6, e),
    'IPv6 address, e.g. fd00:10:0:1::7',
  );
};
/** "fd00:10:0:1::/64": an IPv6 network address (no host bits), prefix /48 … /120. */
const ipv6PodCidr = () => {
  const e = says((v) => `${quote(v)} is not an IPv6 CIDR such as fd00:10:0:1::/64 (no host bits)`);
  return doc(
    z
      .string(e)
      .max(49, { ...e, abort: true })
      .refine((v) => parseCidr(v)?.family === 6, { ...e, abort: true })
      .refine(
        (v) => {
          const prefix = parseCidr(v)?.prefix ?? 0;
          return prefix >= 48 && prefix <= 120;
        },
        says((v) => `${quote(v)} cannot be a node's IPv6 PodCIDR: use a prefix from /48 to /120`),
      ),
    "The node's IPv6 PodCIDR (dual-stack), e.g. fd00:10:0:1::/64",
  );
};
const mac = () =>
  doc(
    text(MAC_PATTERN, 17, (v) => `${quote(v)} is not a MAC address`),
    'MAC address, e.g. 0a:58:0a:00:00:1f',
  );
const ifname = (description: string) =>
  doc(
    text(
      IFNAME_PATTERN,
      TOPOLOGY_LIMITS.ifname,
      (v) => `${quote(v)} is not a Linux interface name (letters, digits, . _ @ -; at most 15 characters)`,
    ),
    description,
  );
const nameRule = (what: 'node name' | 'pod name') => {
  const max = what === 'node name' ? TOPOLOGY_LIMITS.nodeName : TOPOLOGY_LIMITS.podName;
  return text(
    namePattern(max),
    max,
    (v) => `${quote(v)} is not a valid ${what} (letters, digits, . _ -; at most ${max} characters)`,
  );
};

/** "10.0.0.0/24": a network address (no host bits), prefix /8 … /30 (a /0 PodCIDR swallows everything: #13). */
const podCidr = () => {
  const e = says((v) => `${quote(v)} is not a CIDR such as 10.0.0.0/24 (no host bits)`);
  return doc(
    z
      .string(e)
      .max(18, { ...e, abort: true })
      .regex(CIDR_PATTERN, { ...e, abort: true })
      .refine((v) => parseCidr(v) !== undefined, { ...e, abort: true })
      .refine(
        (v) => {
          const prefix = parseCidr(v)?.prefix ?? 0;
          return prefix >= 8 && prefix <= 30;
        },
        says((v) => `${quote(v)} cannot be a node's PodCIDR: use a prefix from /8 to /30`),
      ),
    "The node's PodCIDR, e.g. 10.0.0.0/24",
  );
};

const labelKey = () => {
  const e = says((v) => `${quote(v)} is not a Kubernetes label key (e.g. app or app.kubernetes.io/name)`);
  return z
    .string(e)
    .max(253 + 1 + 63, { ...e, abort: true })
    .regex(LABEL_KEY_PATTERN, { ...e, abort: true })
    .refine((k) => !k.includes('/') || k.indexOf('/') <= 253, e);
};
const labelValue = () =>
  text(
    LABEL_VALUE_PATTERN,
    63,
    (v) => `${quote(v)} is not a Kubernetes label value (letters, digits, - _ .; at most 63 characters)`,
  );
const labels = () => {
  const e = says((v) => `must be an object of labels (key: value), got ${quote(v)}`);
  return doc(
    z.record(labelKey(), labelValue(), e).refine(
      (v) => Object.keys(v).length <= TOPOLOGY_LIMITS.labels,
      says(() => `has more than ${TOPOLOGY_LIMITS.labels} labels`),
    ),
    'Kubernetes labels (key: value)',
  );
};
const namespaceName = () =>
  doc(
    text(
      DNS_LABEL_PATTERN,
      63,
      (v) =>
        `${quote(v)} is not a Kubernetes namespace (lower-case letters, digits, -; at most 63 characters)`,
    ),
    'Kubernetes namespace (an RFC 1123 DNS label)',
  );
const freeText = (max: number) =>
  text(SAFE_TEXT_PATTERN, max, (v) =>
    typeof v === 'string' && v.length > max
      ? `${quote(v)} is longer than ${max} characters`
      : `${quote(v)} contains control characters or line breaks`,
  );

const ciliumVersion = () => {
  const e = says((v) => `${quote(v)} is not a Cilium version such as v1.10 or main`);
  return doc(
    z
      .string(e)
      .max(16, { ...e, abort: true })
      .regex(VERSION_PATTERN, { ...e, abort: true })
      .transform((v, ctx) => {
        try {
          return parseCiliumVersion(v).label;
        } catch (err) {
          ctx.issues.push({ code: 'custom', message: (err as Error).message, input: v });
          return z.NEVER;
        }
      }),
    'Cilium release the trace follows (v1.4 … v1.19, main); a CLI/setting choice wins',
  );
};

/**
 * Builds every schema. Called once, on first use (`topologySchemas()`): building them costs a few
 * milliseconds, which a CLI trace of the bundled topology should not pay at start-up.
 */
function defineTopologySchemas() {
  const DatapathModeSchema = doc(
    z.enum(
      DATAPATH_MODES as [DatapathMode, ...DatapathMode[]],
      says((v) => `${quote(v)} is not a datapath mode; use one of ${DATAPATH_MODES.join(', ')}`),
    ),
    'Datapath mode',
  );

  // ---------------------------------------------------------------------------------------------
  // Shapes

  const TopologyRouteSchema = doc(
    strict({
      destination: ipv4(),
      gateway: ipv4(),
      genmask: ipv4(),
      flags: doc(
        text(FLAGS_PATTERN, 8, (v) => `${quote(v)} are not route flags such as U or UG`),
        '`route -n` flags',
      ),
      iface: ifname('Device of the route'),
    }),
    'A route as `route -n` prints it',
    'route',
  );

  /** Every field of a node, as a parsed topology has it. */
  const nodeShape = {
    name: doc(nameRule('node name'), 'Node name'),
    ip: doc(ipv4(), "The node's address on its native device"),
    subnetPrefix: doc(int(1, 32), 'Prefix length of the node subnet'),
    device: ifname('Native device name'),
    mac: mac(),
    podCidr: podCidr(),
    ciliumHostIp: doc(ipv4(), "cilium_host's address (the router IP of this node's PodCIDR)"),
    gateway: doc(ipv4(), 'Default gateway of the node subnet').optional(),
    ipv6: doc(ipv6(), "The node's IPv6 address on its native device (dual-stack)").optional(),
    ipv6PodCidr: ipv6PodCidr().optional(),
    ipv6CiliumHostIp: doc(
      ipv6(),
      "cilium_host's IPv6 address (the router IP of the IPv6 PodCIDR; default: its first address)",
    ).optional(),
    encryptionKey: doc(
      int(0, 15),
      'IPsec key index the node advertises (CiliumNode spec.encryption.key; 0: no IPsec key). Default with enable-ipsec: 3',
    ).optional(),
    extraRoutes: doc(
      array(TopologyRouteSchema, 'an array of routes', { max: TOPOLOGY_LIMITS.extraRoutes }),
      "Extra connected routes that are not Cilium's (e.g. docker0)",
    ).optional(),
    details: doc(
      array(freeText(TOPOLOGY_LIMITS.text), 'an array of lines', { max: TOPOLOGY_LIMITS.details }),
      '`ip addr` style details shown in hovers, e.g. "altname enp2s0"',
    ).optional(),
  };

  /** Every field of a pod, as a parsed topology has it. */
  const podShape = {
    name: doc(nameRule('pod name'), 'Pod name'),
    node: doc(nameRule('node name'), 'Name of the node the pod runs on'),
    ip: doc(ipv4(), "Pod IPv4 address, inside its node's PodCIDR"),
    ipv6: doc(ipv6(), "Pod IPv6 address (dual-stack), inside its node's ipv6PodCidr").optional(),
    endpointId: doc(int(1, 65535), 'Cilium endpoint id: the key of cilium_call_policy'),
    identity: doc(
      int(1, 16777215),
      'Security identity (carried as the VNI over tunnels); pods with the same namespace and labels share one',
    ),
    hostVeth: ifname('Host-side veth name in veth modes ("veth0", "lxc1a2b…")'),
    mac: mac(),
    namespace: namespaceName(),
    labels: labels(),
    ports: doc(
      array(
        strict({
          name: doc(
            text(
              /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
              15,
              (v) => `${quote(v)} is not a port name (IANA_SVC_NAME)`,
            ),
            'Port name, as a Service targetPort may name it',
          ).optional(),
          containerPort: doc(int(1, 65535), 'The container port'),
          protocol: doc(
            z.enum(
              ['TCP', 'UDP'],
              says((v) => `${quote(v)} is not a port protocol (TCP or UDP)`),
            ),
            'TCP (default) or UDP',
          ).default('TCP'),
        }),
        'an array of container ports',
        { max: TOPOLOGY_LIMITS.servicePorts },
      ),
      "The pod's container ports (spec.containers[].ports): what a Service's named targetPort resolves to",
    ).optional(),
  };

  const servicePortShape = {
    name: doc(freeText(63), 'Port name').optional(),
    port: doc(int(1, 65535), 'The Service port (the frontend port)'),
    targetPort: doc(int(1, 65535), "The backend pods' port (defaults to port)").optional(),
    targetPortName: doc(
      text(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 15, (v) => `${quote(v)} is not a port name (IANA_SVC_NAME)`),
      "A named targetPort: resolved against each backend pod's container ports",
    ).optional(),
    protocol: doc(
      z.enum(
        ['TCP', 'UDP'],
        says((v) => `${quote(v)} is not a Service protocol (TCP or UDP)`),
      ),
      'TCP (default) or UDP',
    ).default('TCP'),
    nodePort: doc(int(30000, 32767), 'The node port of a NodePort Service (30000-32767)').optional(),
  };
  const TopologyServicePortSchema = strict(servicePortShape);
  const TopologyServiceSchema = doc(
    strict({
      name: doc(
        text(DNS_LABEL_PATTERN, 63, (v) => `${quote(v)} is not a Service name (an RFC 1123 DNS label)`),
        'Service name',
      ),
      namespace: namespaceName().default('default'),
      type: doc(
        z.enum(
          ['ClusterIP', 'NodePort', 'LoadBalancer'],
          says((v) => `${quote(v)} is not a Service type (ClusterIP, NodePort or LoadBalancer)`),
        ),
        'ClusterIP (default), NodePort or LoadBalancer',
      ).default('ClusterIP'),
      clusterIP: doc(ipv4(), 'The ClusterIP (the frontend address)'),
      loadBalancerIPs: doc(
        array(ipv4(), 'an array of IPv4 addresses', { max: 16 }),
        "A LoadBalancer Service's addresses (status.loadBalancer.ingress[].ip, spec.loadBalancerIP)",
      ).optional(),
      ports: doc(
        array(TopologyServicePortSchema, 'a non-empty array of ports', {
          min: 1,
          max: TOPOLOGY_LIMITS.servicePorts,
        }),
        'The Service ports',
      ),
      selector: labels().default(() => ({})),
    }),
    'A Kubernetes Service: its backends are the pods its selector matches (in its namespace)',
    'service',
  );

  const TopologyNodeSchema = strict(nodeShape);
  const TopologyPodSchema = strict(podShape);

  /** What a file may say about a node: index-derived defaults (mac, ciliumHostIp) are applied by the parser. */
  const NodeFileSchema = doc(
    TopologyNodeSchema.extend({
      subnetPrefix: nodeShape.subnetPrefix.default(24),
      device: nodeShape.device.default('eth0'),
      mac: nodeShape.mac.optional(),
      ciliumHostIp: nodeShape.ciliumHostIp.optional(),
    }),
    'A node: name, address and PodCIDR',
    'node',
  );

  /** What a file may say about a pod: identity, hostVeth and mac defaults are applied by the parser. */
  const PodFileSchema = doc(
    TopologyPodSchema.extend({
      identity: podShape.identity.optional(),
      hostVeth: podShape.hostVeth.optional(),
      mac: podShape.mac.optional(),
      namespace: podShape.namespace.default('default'),
      labels: podShape.labels.default(() => ({})),
    }),
    'A pod: name, node, address and endpoint id',
    'pod',
  );

  /** A mode's replacement of node fields: every field optional, no defaults, the name is the key. */
  const NodeOverrideSchema = doc(
    TopologyNodeSchema.omit({ name: true }).partial(),
    "Fields replacing this node's in this mode",
    'nodeOverride',
  );
  /** A mode's replacement of pod fields: every field optional, no defaults; name and node stay. */
  const PodOverrideSchema = doc(
    TopologyPodSchema.omit({ name: true, node: true }).partial(),
    "Fields replacing this pod's in this mode",
    'podOverride',
  );

  const ModeOverrideSchema = doc(
    strict({
      nodes: record(nameRule('node name'), NodeOverrideSchema, 'an object keyed by node name').optional(),
      pods: record(nameRule('pod name'), PodOverrideSchema, 'an object keyed by pod name').optional(),
    }),
    'Per-node and per-pod replacements in one mode (keys: node and pod names of this file)',
    'modeOverride',
  );

  const modeKeys = Object.fromEntries(DATAPATH_MODES.map((m) => [m, ModeOverrideSchema.optional()])) as {
    [M in DatapathMode]: z.ZodOptional<typeof ModeOverrideSchema>;
  };
  const OverridesSchema = doc(
    strict(modeKeys, {
      unknownField: `is not a datapath mode; use one of ${DATAPATH_MODES.join(', ')}`,
      notObject: 'must be an object keyed by mode',
    }),
    'Per-mode replacements (the two seed documents use different addresses)',
  );

  const TopologyNamespaceSchema = doc(
    strict({ labels: labels() }),
    'A Kubernetes namespace: its labels (namespace selectors match them)',
    'namespace',
  );
  const namespaceFile = TopologyNamespaceSchema.extend({ labels: labels().default(() => ({})) });

  const policyFile = () =>
    doc(
      text(
        RELATIVE_PATH_PATTERN,
        TOPOLOGY_LIMITS.path,
        (v) => `${quote(v)} is not a relative path (relative to the topology file, no control characters)`,
      ),
      'A policy file, relative to this topology file',
    );

  /**
   * The cluster's `cilium-config` ConfigMap data: keys and values as `kubectl get cm cilium-config -o yaml`
   * prints them (values are strings there; JSON booleans and numbers are accepted and kept as their
   * string form). What each key means, its default per release and which combinations a release refuses
   * live in the model; this is only the data.
   */
  const configValue = () => {
    const e = says((v) => `${quote(v)} must be a string, boolean or number (a ConfigMap value)`);
    return z
      .union([z.string(e).max(TOPOLOGY_LIMITS.configValue, e), z.boolean(e), z.number(e)], e)
      .transform((v) => String(v));
  };
  const configKey = () =>
    text(
      /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
      TOPOLOGY_LIMITS.configKey,
      (v) => `${quote(v)} is not a cilium-config key (letters, digits, '-', '_' and '.')`,
    );
  const CiliumConfigSchema = doc(
    record(configKey(), configValue(), 'an object of cilium-config keys and values'),
    "The cluster's cilium-config ConfigMap data (key → value); keys not given take the release's defaults",
    'ciliumConfig',
  );

  /** A topology as `parseTopology` returns it: every default applied. */
  const TopologySchema = strict({
    name: freeText(TOPOLOGY_LIMITS.text),
    mode: DatapathModeSchema.optional(),
    ciliumVersion: z.string().optional(),
    nodes: z.array(TopologyNodeSchema),
    pods: z.array(TopologyPodSchema),
    namespaces: z.record(namespaceName(), TopologyNamespaceSchema),
    policyFiles: z.array(policyFile()),
    config: z.record(z.string(), z.string()),
    services: z.array(TopologyServiceSchema),
    overrides: OverridesSchema.optional(),
  });

  /** What a topology file may contain (the JSON Schema is generated from this). */
  const TopologyFileSchema = strict(
    {
      $schema: z.string().max(TOPOLOGY_LIMITS.path).optional(),
      name: doc(freeText(TOPOLOGY_LIMITS.text), 'Shown in titles and errors').optional(),
      mode: doc(DatapathModeSchema, 'Default datapath mode for this topology').optional(),
      ciliumVersion: ciliumVersion().optional(),
      nodes: doc(array(NodeFileSchema, 'a non-empty array of nodes', { min: 1 }), 'The nodes'),
      pods: doc(array(PodFileSchema, 'a non-empty array of pods', { min: 1 }), 'The pods'),
      namespaces: doc(
        record(namespaceName(), namespaceFile, 'an object keyed by namespace'),
        'Namespaces and their labels; a pod may also be in a namespace not listed here (no labels)',
      ).default(() => ({})),
      policyFiles: doc(
        array(policyFile(), 'an array of paths', { max: TOPOLOGY_LIMITS.policyFiles }),
        'Network policy files (paths relative to this topology file)',
      ).default(() => []),
      config: CiliumConfigSchema.default(() => ({})),
      services: doc(
        array(TopologyServiceSchema, 'an array of Services', { max: TOPOLOGY_LIMITS.services }),
        'Kubernetes Services (ClusterIP, NodePort, LoadBalancer); Service YAML given with --manifest is added to them',
      ).default(() => []),
      overrides: OverridesSchema.optional(),
    },
    { notObject: 'a topology must be a JSON object with "nodes" and "pods"' },
  );

  /** A topology with one mode's overrides applied. */
  const ResolvedTopologySchema = TopologySchema.pick({
    name: true,
    nodes: true,
    pods: true,
    namespaces: true,
    services: true,
  }).extend({ mode: DatapathModeSchema });

  return {
    DatapathModeSchema,
    TopologyRouteSchema,
    TopologyNodeSchema,
    TopologyPodSchema,
    NodeFileSchema,
    PodFileSchema,
    NodeOverrideSchema,
    PodOverrideSchema,
    ModeOverrideSchema,
    OverridesSchema,
    TopologyNamespaceSchema,
    TopologyServiceSchema,
    TopologyServicePortSchema,
    CiliumConfigSchema,
    TopologySchema,
    TopologyFileSchema,
    ResolvedTopologySchema,
  };
}

export type TopologySchemas = ReturnType<typeof defineTopologySchemas>;
let built: TopologySchemas | undefined;

/** The schemas of the topology format, built on first use. */
export function topologySchemas(): TopologySchemas {
  return (built ??= defineTopologySchemas());
}

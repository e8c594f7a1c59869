import {
  anchorTrace,
  DATAPATH_MODES,
  HOOK_NAMES,
  DEFAULT_TOPOLOGY,
  parseTopology,
  trace,
  type DatapathConfig,
  type Topology,
} from '../../core';
import { loadPolicyFiles, withManifestServices, type PolicySet } from '../../core/policy';
import { flag, oneOf, parseArgs, UsageError, type Io } from '../args';
import { configKeysFromArgs } from '../config-flag';
import { CONFIG_FLAG_ALIASES } from '../../core/model/config-flag-aliases';
import { formatTraceMermaid } from '../format/mermaid';
import { formatTraceText } from '../format/text';
import { CheckoutError, loadCheckoutSync, type LoadedCheckout } from '../../node-io/checkout-index';

export const TRACE_USAGE =
  'cilium-datapath trace --mode <vxlan|geneve|native|ipvlan> --from <pod|node|external:ip> --to <pod|ip|namespace/service|ClusterIP|node IP|LoadBalancer IP> [--topology file.json] [--cilium-version vX.Y] [--start-at <hook>] [--manifest file.yaml …] (--policy is an alias) [--backend <pod>] [--reply] [--port N] [--proto tcp|udp|icmp|sctp] [--ct new|established] [--family 4|6] [--host-routing legacy|bpf] [--kube-proxy-replacement true|false] [--socket-lb true|false] [--bpf-masquerade true|false] [--ipv4-masquerade true|false] [--lb-mode snat|dsr] [--checkout DIR] [--config key=value …] [--format text|json|mermaid] [--detail full|summary]' +
  '\n    The configuration flags are aliases of cilium-config keys, resolved per release like --config key=value (one source of truth): ' +
  CONFIG_FLAG_ALIASES.map((a) => `--${a.flag} = --config ${a.help}`).join('; ') +
  '. A flag and a --config key that disagree are an error. --host-routing sets the axis directly.';

function readText(io: Io, path: string, what: string): string {
  try {
    return io.readFile(path);
  } catch (e) {
    throw new UsageError(
      `Cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
}

export function loadTopology(io: Io, path: string | undefined): Topology {
  if (!path) return DEFAULT_TOPOLOGY;
  return parseTopology(readText(io, path, 'topology file'), `Topology file ${path}`);
}

/** Policy files named on the command line, then those the topology lists (relative to it). */
function loadPolicies(
  io: Io,
  files: readonly string[],
  topology: Topology,
  topologyPath?: string,
): PolicySet | undefined {
  const dir =
    topologyPath && topologyPath.includes('/')
      ? topologyPath.slice(0, topologyPath.lastIndexOf('/') + 1)
      : '';
  const fromTopology = (topology.policyFiles ?? []).map((f) => (f.startsWith('/') ? f : dir + f));
  const all = [...files, ...fromTopology];
  if (!all.length) return undefined;
  return loadPolicyFiles(all.map((name) => ({ name, text: readText(io, name, 'policy file') })));
}

/** The topology with the manifests' Services added; one named like a topology Service replaces it. */
function port(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    throw new UsageError(`--port "${text.slice(0, 20)}" is not a port number (1–65535).`);
  return Number(text);
}

/**
 * `--host-routing` sets the axis directly (a legacy flag: not checked against the release's fallbacks);
 * the other configuration flags are aliases of cilium-config keys (CONFIG_FLAG_ALIASES), resolved per
 * release by the model like `--config key=value`.
 */
function configFlags(args: ReturnType<typeof parseArgs>): {
  config: Partial<DatapathConfig>;
  aliases: Record<string, string>;
} {
  const config: Partial<DatapathConfig> = {};
  const hostRouting = flag(args, 'host-routing');
  if (hostRouting !== undefined)
    config.hostRouting = oneOf(hostRouting, ['legacy', 'bpf'] as const, 'host routing', 'legacy');
  const aliases: Record<string, string> = {};
  for (const alias of CONFIG_FLAG_ALIASES) {
    const text = flag(args, alias.flag);
    if (text !== undefined) aliases[alias.flag] = oneOf(text, alias.values, alias.flag, alias.values[0]!);
  }
  return { config, aliases };
}

export function traceCommand(argv: readonly string[], io: Io): void {
  const args = parseArgs(
    argv,
    [
      'mode',
      'from',
      'to',
      'topology',
      'cilium-version',
      'start-at',
      'format',
      'detail',
      'port',
      'proto',
      'ct',
      'host-routing',
      ...CONFIG_FLAG_ALIASES.map((a) => a.flag),
      'backend',
      'checkout',
      'family',
    ],
    ['reply'],
    ['policy', 'manifest', 'config'],
  );
  if (args.positional.length)
    throw new UsageError(`Unexpected argument "${args.positional[0]!.slice(0, 40)}". Usage: ${TRACE_USAGE}`);
  const topologyPath = flag(args, 'topology');
  const topology = loadTopology(io, topologyPath);
  const mode = oneOf(flag(args, 'mode') ?? topology.mode, DATAPATH_MODES, 'mode', 'vxlan');
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  if (!from || !to) throw new UsageError(`trace needs --from and --to. Usage: ${TRACE_USAGE}`);
  const startAt = flag(args, 'start-at');
  if (startAt !== undefined) oneOf(startAt, HOOK_NAMES, 'hook', 'from-container');
  const format = oneOf(flag(args, 'format'), ['text', 'json', 'mermaid'] as const, 'format', 'text');
  const detail = oneOf(flag(args, 'detail'), ['full', 'summary'] as const, 'detail', 'full');
  const protocol = oneOf(flag(args, 'proto'), ['tcp', 'udp', 'icmp', 'sctp'] as const, 'protocol', 'tcp');
  const ct = oneOf(flag(args, 'ct'), ['new', 'established'] as const, 'connection state', 'new');
  const familyFlag = flag(args, 'family');
  const family =
    familyFlag === undefined
      ? undefined
      : oneOf(familyFlag, ['4', '6'] as const, 'family', '4') === '6'
        ? 6
        : 4;
  const { config, aliases } = configFlags(args);
  const manifests = [...(args.lists.get('manifest') ?? []), ...(args.lists.get('policy') ?? [])];
  const policies = loadPolicies(io, manifests, topology, topologyPath);
  const traced = withManifestServices(topology, policies);
  const backend = flag(args, 'backend');
  const dport = port(flag(args, 'port'));
  const ciliumConfig = configKeysFromArgs(args);
  const checkoutDir = flag(args, 'checkout');
  let checkout: LoadedCheckout | undefined;
  if (checkoutDir !== undefined) {
    try {
      checkout = loadCheckoutSync(checkoutDir);
    } catch (e) {
      if (e instanceof CheckoutError) throw new UsageError(`--checkout: ${e.message}`);
      throw e;
    }
  }
  const plain = trace(
    {
      mode,
      from,
      to,
      // the checkout's own release when none is named
      ciliumVersion: flag(args, 'cilium-version') ?? checkout?.version?.label,
      startAt,
      protocol,
      ct,
      ...(dport !== undefined ? { port: dport } : {}),
      ...(policies ? { policies } : {}),
      ...(backend ? { backend } : {}),
      ...(family ? { family } : {}),
      ...(args.flags.get('reply') === true ? { reply: true } : {}),
      ...(Object.keys(config).length ? { config } : {}),
      ...(ciliumConfig ? { ciliumConfig } : {}),
      ...(Object.keys(aliases).length ? { configFlags: aliases } : {}),
    },
    traced,
  );
  // with a checkout, every step the model gives a function is anchored on its line there
  const result = checkout
    ? anchorTrace(plain, checkout.index, { text: (f) => checkout.text(f) }).trace
    : plain;
  switch (format) {
    case 'json':
      io.out(JSON.stringify(result, null, 2));
      break;
    case 'mermaid':
      io.out(formatTraceMermaid(result));
      break;
    case 'text':
      io.out(formatTraceText(result, detail));
      break;
  }
}

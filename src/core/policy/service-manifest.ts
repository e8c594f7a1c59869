/**
 * Kubernetes `Service` objects (apiVersion v1) read from the manifests the policy loader kept as
 * "other" objects, as the topology's services. Errors name file, document and field, like the
 * policy loader's.
 */
import type { Topology, TopologyService, TopologyServicePort } from '../topology/topology-types';
import { IPV4_PATTERN } from '../topology/topology-schema';
import {
  describeValue,
  expectObject,
  FieldError,
  joinPath,
  optionalList,
  optionalString,
  type JsonObject,
} from './field-reader';
import type { ManifestSource, OtherObject, PolicySet } from './policy-types';
import { invalidManifest } from './yaml-documents';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PORT_NAME = /^(?=.{1,15}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function where(source: ManifestSource, label: string): string {
  const item = source.item ? `, ${source.item}` : '';
  return `${source.file}, document ${source.document}${item} (${label})`;
}

function port(value: unknown, path: string, min = 1, max = 65535): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw new FieldError(path, `expected a port number from ${min} to ${max}, found ${describeValue(value)}`);
  return value;
}

function readPort(value: unknown, path: string): TopologyServicePort {
  const p = expectObject(value, path);
  const out: TopologyServicePort = { port: port(p.port, joinPath(path, 'port')), protocol: 'TCP' };
  const name = optionalString(p.name, joinPath(path, 'name'));
  if (name !== undefined) out.name = name;
  if (p.targetPort !== undefined && p.targetPort !== null) {
    if (typeof p.targetPort === 'string' && !/^\d+$/.test(p.targetPort)) {
      // a named port: resolved against each backend pod's container ports when traced
      if (!PORT_NAME.test(p.targetPort))
        throw new FieldError(
          joinPath(path, 'targetPort'),
          `${describeValue(p.targetPort)} is neither a port number nor a port name (IANA_SVC_NAME: lower-case letters, digits and '-', at most 15)`,
        );
      out.targetPortName = p.targetPort;
      return withRest(out, p, path);
    }
    out.targetPort = port(
      typeof p.targetPort === 'string' ? Number(p.targetPort) : p.targetPort,
      joinPath(path, 'targetPort'),
    );
  }
  return withRest(out, p, path);
}

function withRest(out: TopologyServicePort, p: JsonObject, path: string): TopologyServicePort {
  const protocol = optionalString(p.protocol, joinPath(path, 'protocol')) ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP')
    throw new FieldError(joinPath(path, 'protocol'), `expected TCP or UDP, found ${describeValue(protocol)}`);
  out.protocol = protocol;
  if (p.nodePort !== undefined && p.nodePort !== null)
    out.nodePort = port(p.nodePort, joinPath(path, 'nodePort'), 30000, 32767);
  return out;
}

function readSelector(value: unknown, path: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  const obj = expectObject(value, path);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string')
      throw new FieldError(joinPath(path, k), `expected a string, found ${describeValue(v)}`);
    out[k] = v;
  }
  return out;
}

function readService(other: OtherObject): TopologyService {
  const obj = other.object as JsonObject;
  const metadata = expectObject(obj.metadata, 'metadata');
  const name = optionalString(metadata.name, 'metadata.name');
  if (!name || !DNS_LABEL.test(name))
    throw new FieldError(
      'metadata.name',
      `expected a Service name (an RFC 1123 DNS label), found ${describeValue(name)}`,
    );
  const namespace = optionalString(metadata.namespace, 'metadata.namespace') ?? 'default';
  const spec = expectObject(obj.spec, 'spec');
  const type = optionalString(spec.type, 'spec.type') ?? 'ClusterIP';
  if (type !== 'ClusterIP' && type !== 'NodePort' && type !== 'LoadBalancer')
    throw new FieldError(
      'spec.type',
      `${describeValue(type)} is not modelled; use ClusterIP, NodePort or LoadBalancer (ExternalName has no frontend to translate)`,
    );
  const clusterIP = optionalString(spec.clusterIP, 'spec.clusterIP');
  if (clusterIP === undefined)
    throw new FieldError(
      'spec.clusterIP',
      'missing: a trace needs the address the cluster assigned (kubectl get service -o yaml prints it)',
    );
  if (clusterIP === 'None')
    throw new FieldError('spec.clusterIP', 'a headless Service (None) has no frontend to translate');
  if (!IPV4_PATTERN.test(clusterIP))
    throw new FieldError('spec.clusterIP', `${describeValue(clusterIP)} is not an IPv4 address`);
  const list = optionalList(spec.ports, 'spec.ports');
  if (!list?.length) throw new FieldError('spec.ports', 'a Service needs at least one port');
  const ports = list.map((p, i) => readPort(p, `spec.ports[${i}]`));
  if (type === 'ClusterIP' && ports.some((p) => p.nodePort !== undefined))
    throw new FieldError('spec.ports', 'nodePort is only for types NodePort and LoadBalancer');
  const loadBalancerIPs = type === 'LoadBalancer' ? readLoadBalancerIPs(obj, spec) : [];
  if (type !== 'LoadBalancer' && spec.loadBalancerIP !== undefined && spec.loadBalancerIP !== null)
    throw new FieldError('spec.loadBalancerIP', 'is only for type LoadBalancer');
  return {
    name,
    namespace,
    type,
    clusterIP,
    ports,
    selector: readSelector(spec.selector, 'spec.selector'),
    ...(loadBalancerIPs.length ? { loadBalancerIPs } : {}),
  };
}

/** A LoadBalancer's addresses: status.loadBalancer.ingress[].ip (what the balancer got), then spec.loadBalancerIP. */
function readLoadBalancerIPs(obj: JsonObject, spec: JsonObject): string[] {
  const ips: string[] = [];
  const add = (value: unknown, path: string): void => {
    const ip = optionalString(value, path);
    if (ip === undefined) return;
    if (!IPV4_PATTERN.test(ip)) throw new FieldError(path, `${describeValue(ip)} is not an IPv4 address`);
    if (!ips.includes(ip)) ips.push(ip);
  };
  if (obj.status !== undefined && obj.status !== null) {
    const status = expectObject(obj.status, 'status');
    if (status.loadBalancer !== undefined && status.loadBalancer !== null) {
      const lb = expectObject(status.loadBalancer, 'status.loadBalancer');
      (optionalList(lb.ingress, 'status.loadBalancer.ingress') ?? []).forEach((item, i) => {
        const path = `status.loadBalancer.ingress[${i}]`;
        const entry = expectObject(item, path);
        // a hostname-only entry (some clouds) has no address to trace
        add(entry.ip, `${path}.ip`);
      });
    }
  }
  add(spec.loadBalancerIP, 'spec.loadBalancerIP');
  if (!ips.length)
    throw new FieldError(
      'status.loadBalancer.ingress',
      'a LoadBalancer Service needs an address to trace: status.loadBalancer.ingress[].ip (kubectl get service -o yaml prints it once assigned) or spec.loadBalancerIP',
    );
  return ips;
}

/** The Services among the manifests' other objects, in order; a bad one is an error naming file, document and field. */
export function servicesFromManifests(set: PolicySet): TopologyService[] {
  const out: TopologyService[] = [];
  for (const other of set.others) {
    if (other.kind !== 'Service') continue;
    const label = `Service ${other.namespace ?? 'default'}/${other.name ?? '(no name)'}`;
    if (other.apiVersion !== 'v1')
      throw invalidManifest(
        `${where(other.source, label)}: apiVersion: ${describeValue(other.apiVersion)} does not serve Service; use v1`,
      );
    try {
      const service = readService(other);
      const twin = out.find((s) => s.name === service.name && s.namespace === service.namespace);
      if (twin)
        throw new FieldError(
          'metadata.name',
          `the Service ${service.namespace}/${service.name} is given twice`,
        );
      out.push(service);
    } catch (e) {
      if (e instanceof FieldError) throw invalidManifest(`${where(other.source, label)}: ${e.message}`);
      throw e;
    }
  }
  return out;
}

/**
 * The topology with the Services of the manifests added: a manifest's Service replaces the topology's
 * of the same namespace/name (the CLI's --manifest, the server's policy files, the debugger's policies).
 */
export function withManifestServices(topology: Topology, policies: PolicySet | undefined): Topology {
  const services = policies ? servicesFromManifests(policies) : [];
  if (!services.length) return topology;
  const key = (s: { namespace: string; name: string }): string => `${s.namespace}/${s.name}`;
  const given = new Set(services.map(key));
  return { ...topology, services: [...topology.services.filter((s) => !given.has(key(s))), ...services] };
}

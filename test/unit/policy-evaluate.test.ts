/** The policy engine decides as Cilium enforces: selection, default deny, deny wins, entities, CIDRs, L4. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  evaluatePolicy,
  loadPolicyManifests,
  type PolicyPeer,
  type PolicyPod,
  type PolicyRequest,
  type PolicySet,
} from '../../src/core/policy';

const pod = (name: string, namespace: string, labels: Record<string, string>, ip: string): PolicyPod => ({
  name,
  namespace,
  labels,
  ip,
  identity: 1000 + Number(ip.split('.')[3]),
});
const web = pod('web-7d9f', 'default', { app: 'web', tier: 'frontend' }, '10.0.0.10');
const api = pod('api-5c4b', 'default', { app: 'api' }, '10.0.0.20');
const frontend = pod('frontend-1', 'default', { app: 'frontend' }, '10.0.0.30');
const frontendStaging = pod('frontend-1', 'staging', { app: 'frontend' }, '10.0.1.30');
const monitor = pod('prometheus-0', 'monitoring', { app: 'prometheus' }, '10.0.2.5');
const asPeer = (p: PolicyPod): PolicyPeer => ({ kind: 'pod', ...p });
const world = (ip = '203.0.113.7'): PolicyPeer => ({ kind: 'world', ip });
const host: PolicyPeer = { kind: 'host', ip: '192.168.1.10' };
const remoteNode: PolicyPeer = { kind: 'remote-node', ip: '192.168.1.11' };

function ingress(
  set: PolicySet,
  subject: PolicyPod,
  peer: PolicyPeer,
  port = 80,
  extra: Partial<PolicyRequest> = {},
) {
  return evaluatePolicy(set, { direction: 'ingress', subject, peer, port, protocol: 'tcp', ...extra });
}
function egress(
  set: PolicySet,
  subject: PolicyPod,
  peer: PolicyPeer,
  port = 443,
  extra: Partial<PolicyRequest> = {},
) {
  return evaluatePolicy(set, { direction: 'egress', subject, peer, port, protocol: 'tcp', ...extra });
}

const ALLOW_FRONTEND = `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-frontend
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: web
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: frontend
      toPorts:
        - ports:
            - port: "80"
              protocol: TCP
`;

describe('CiliumNetworkPolicy: selection, labels, namespaces, default deny', () => {
  const set = loadPolicyManifests(ALLOW_FRONTEND, 'allow-frontend.yaml');

  test('a pod no policy selects is not enforced and allowed', () => {
    const d = ingress(set, api, asPeer(web));
    assert.equal(d.verdict, 'allow');
    assert.equal(d.enforced, false);
    assert.match(d.explanation, /no policy selects default\/api-5c4b/);
  });

  test('allowed by label on the port the rule names', () => {
    const d = ingress(set, web, asPeer(frontend));
    assert.equal(d.verdict, 'allow');
    assert.equal(d.enforced, true);
    assert.deepEqual(d.rule, {
      policy: 'allow-frontend',
      namespace: 'default',
      index: 0,
      kind: 'CiliumNetworkPolicy',
      section: 'ingress',
    });
    assert.equal(
      d.explanation,
      'allowed by default/allow-frontend rule 0 (fromEndpoints app=frontend, port 80/TCP)',
    );
  });

  test('the selected pod is default deny for peers and ports the rule does not name', () => {
    const other = ingress(set, web, asPeer(api));
    assert.equal(other.verdict, 'deny');
    assert.equal(other.enforced, true);
    assert.equal(other.rule, undefined);
    assert.match(other.explanation, /^no rule matched: default deny/);
    assert.equal(ingress(set, web, asPeer(frontend), 8080).verdict, 'deny');
    assert.equal(ingress(set, web, asPeer(frontend), 80, { protocol: 'udp' }).verdict, 'deny');
  });

  test('fromEndpoints is scoped to the policy namespace: same labels in staging do not match', () => {
    assert.equal(ingress(set, web, asPeer(frontendStaging)).verdict, 'deny');
  });

  test('egress of the selected pod stays unenforced (the rule has only an ingress section)', () => {
    const d = egress(set, web, world());
    assert.equal(d.verdict, 'allow');
    assert.equal(d.enforced, false);
  });

  test('a pod with the same labels in another namespace is not selected', () => {
    const webStaging = { ...web, namespace: 'staging' };
    assert.equal(ingress(set, webStaging, asPeer(api)).enforced, false);
  });

  test('fromEndpoints naming the namespace label reaches another namespace', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-prometheus
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: web
  ingress:
    - fromEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: monitoring
            app: prometheus
      toPorts:
        - ports:
            - port: "9090"
`,
      'p.yaml',
    );
    const d = ingress(s, web, asPeer(monitor), 9090);
    assert.equal(d.verdict, 'allow', d.explanation);
    // protocol omitted in a Cilium port means ANY (TCP, UDP, SCTP)
    assert.equal(ingress(s, web, asPeer(monitor), 9090, { protocol: 'udp' }).verdict, 'allow');
    assert.equal(ingress(s, web, asPeer(monitor), 9090, { protocol: 'icmp' }).verdict, 'deny');
    assert.equal(ingress(s, web, asPeer(frontend), 9090).verdict, 'deny');
  });

  test('namespace labels from the topology select through io.cilium.k8s.namespace.labels', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: from-observability, namespace: default }
spec:
  endpointSelector: {}
  ingress:
    - fromEndpoints:
        - matchLabels:
            io.cilium.k8s.namespace.labels.team: observability
`,
      'p.yaml',
    );
    const labels = { monitoring: { team: 'observability' } };
    assert.equal(ingress(s, web, asPeer(monitor), 80, { namespaceLabels: labels }).verdict, 'allow');
    assert.equal(ingress(s, web, asPeer(monitor)).verdict, 'deny');
  });

  test('fromEndpoints: [{}] is every pod of the namespace; ingress: [{}] allows nothing', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: same-namespace, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: web } }
  ingress:
    - fromEndpoints:
        - {}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: lockdown, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: api } }
  ingress:
    - {}
`,
      'p.yaml',
    );
    assert.equal(ingress(s, web, asPeer(api)).verdict, 'allow');
    assert.equal(ingress(s, web, asPeer(monitor)).verdict, 'deny');
    assert.equal(ingress(s, web, world()).verdict, 'deny');
    const locked = ingress(s, api, asPeer(web));
    assert.equal(locked.verdict, 'deny');
    assert.equal(locked.enforced, true);
  });

  test('toPorts without peers allows any peer on those ports (L4-only rule)', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: https-out, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: api } }
  egress:
    - toPorts:
        - ports:
            - { port: "443", protocol: TCP }
`,
      'p.yaml',
    );
    assert.equal(egress(s, api, world()).verdict, 'allow');
    assert.equal(egress(s, api, asPeer(monitor)).verdict, 'allow');
    assert.equal(egress(s, api, world(), 80).verdict, 'deny');
  });

  test('enableDefaultDeny: false adds allows without turning on default deny', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: soft, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: web } }
  enableDefaultDeny:
    ingress: false
  ingress:
    - fromEndpoints: [{ matchLabels: { app: frontend } }]
`,
      'p.yaml',
    );
    const d = ingress(s, web, asPeer(api));
    assert.equal(d.verdict, 'allow');
    assert.equal(d.enforced, false);
  });

  test('matchExpressions In / NotIn / Exists / DoesNotExist', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: exprs, namespace: default }
spec:
  endpointSelector:
    matchExpressions:
      - { key: app, operator: In, values: [web, api] }
  ingress:
    - fromEndpoints:
        - matchExpressions:
            - { key: app, operator: NotIn, values: [api] }
            - { key: tier, operator: DoesNotExist }
    - fromEndpoints:
        - matchExpressions:
            - { key: k8s:tier, operator: Exists }
      toPorts:
        - ports: [{ port: "8443", protocol: TCP }]
`,
      'p.yaml',
    );
    assert.equal(ingress(s, api, asPeer(frontend)).verdict, 'allow'); // app=frontend, no tier
    assert.equal(ingress(s, web, asPeer(api)).verdict, 'deny'); // app=api is NotIn
    assert.equal(ingress(s, api, asPeer(web)).verdict, 'deny'); // has tier, port 80
    const d = ingress(s, api, asPeer(web), 8443);
    assert.equal(d.verdict, 'allow');
    assert.equal(d.rule?.index, 1);
  });
});

describe('deny policies win over allow policies', () => {
  const set = loadPolicyManifests(
    `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-all-in
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: web
  ingress:
    - fromEntities:
        - all
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: deny-world-admin
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: web
  ingressDeny:
    - fromEntities:
        - world
      toPorts:
        - ports:
            - port: "8080"
              protocol: TCP
`,
    'deny.yaml',
  );

  test('the deny rule denies although allow-all matches', () => {
    const d = ingress(set, web, world(), 8080);
    assert.equal(d.verdict, 'deny');
    assert.equal(d.denyRule, true);
    assert.equal(d.rule?.section, 'ingressDeny');
    assert.equal(d.rule?.policy, 'deny-world-admin');
    assert.equal(
      d.explanation,
      'denied by default/deny-world-admin ingressDeny rule 0 (fromEntities world, port 8080/TCP)',
    );
  });

  test('outside the deny rule the allow rule applies', () => {
    assert.equal(ingress(set, web, world(), 80).verdict, 'allow');
    assert.equal(ingress(set, web, asPeer(api), 8080).verdict, 'allow');
  });

  test('a deny-only policy puts the direction into default deny', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: no-world, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: api } }
  egressDeny:
    - toEntities: [world]
`,
      'p.yaml',
    );
    assert.equal(egress(s, api, world()).denyRule, true);
    const d = egress(s, api, asPeer(web));
    assert.equal(d.verdict, 'deny');
    assert.equal(d.denyRule, undefined);
    assert.match(d.explanation, /default deny/);
  });
});

describe('CiliumClusterwideNetworkPolicy', () => {
  const set = loadPolicyManifests(
    `
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: monitoring-scrapes-everything
spec:
  endpointSelector:
    matchLabels:
      k8s:io.kubernetes.pod.namespace: monitoring
  egress:
    - toEndpoints:
        - {}
      toPorts:
        - ports:
            - port: "80"
              protocol: TCP
            - port: "9100"
              endPort: 9199
              protocol: TCP
`,
    'ccnp.yaml',
  );

  test('the endpointSelector picks a namespace through the namespace label', () => {
    assert.equal(egress(set, monitor, asPeer(web), 80).enforced, true);
    assert.equal(egress(set, web, asPeer(monitor), 80).enforced, false);
  });

  test('toEndpoints [{}] is every pod of every namespace, never world', () => {
    assert.equal(egress(set, monitor, asPeer(web), 80).verdict, 'allow');
    assert.equal(egress(set, monitor, asPeer(frontendStaging), 80).verdict, 'allow');
    assert.equal(egress(set, monitor, world(), 80).verdict, 'deny');
    assert.equal(egress(set, monitor, host, 80).verdict, 'deny');
  });

  test('endPort ranges are inclusive', () => {
    assert.equal(egress(set, monitor, asPeer(web), 9100).verdict, 'allow');
    assert.equal(egress(set, monitor, asPeer(web), 9199).verdict, 'allow');
    assert.equal(egress(set, monitor, asPeer(web), 9200).verdict, 'deny');
    assert.match(
      egress(set, monitor, asPeer(web), 9150).explanation,
      /clusterwide monitoring-scrapes-everything rule 0/,
    );
  });
});

describe('entities', () => {
  const set = loadPolicyManifests(
    `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: entities, namespace: default }
specs:
  - endpointSelector: { matchLabels: { app: web } }
    ingress:
      - fromEntities: [world]
  - endpointSelector: { matchLabels: { app: api } }
    ingress:
      - fromEntities: [remote-node]
  - endpointSelector: { matchLabels: { app: frontend } }
    ingress:
      - fromEntities: [cluster]
    egress:
      - toEntities: [host]
`,
    'entities.yaml',
  );

  test('world matches only peers outside the cluster', () => {
    const d = ingress(set, web, world());
    assert.equal(d.verdict, 'allow');
    assert.equal(d.rule?.specIndex, 0);
    assert.match(d.explanation, /default\/entities specs\[0\] rule 0 \(fromEntities world, any port\)/);
    assert.equal(ingress(set, web, remoteNode).verdict, 'deny');
    assert.equal(ingress(set, web, asPeer(api)).verdict, 'deny');
  });

  test('remote-node matches other nodes, not pods nor world', () => {
    assert.equal(ingress(set, api, remoteNode).verdict, 'allow');
    assert.equal(ingress(set, api, world()).verdict, 'deny');
    assert.equal(ingress(set, api, asPeer(web)).verdict, 'deny');
  });

  test('the local host reaches its endpoints despite default deny (allow-localhost)', () => {
    const d = ingress(set, api, host);
    assert.equal(d.verdict, 'allow');
    assert.equal(d.rule, undefined);
    assert.match(d.explanation, /allow-localhost/);
    assert.equal(ingress(set, api, host, 80, { allowLocalhost: false }).verdict, 'deny');
  });

  test('cluster matches pods of any namespace, host and remote nodes, not world', () => {
    assert.equal(ingress(set, frontend, asPeer(monitor)).verdict, 'allow');
    assert.equal(ingress(set, frontend, remoteNode).verdict, 'allow');
    assert.equal(ingress(set, frontend, world()).verdict, 'deny');
  });

  test('host matches the own node only', () => {
    assert.equal(egress(set, frontend, host).verdict, 'allow');
    assert.equal(egress(set, frontend, remoteNode).verdict, 'deny');
  });

  test('all matches everything; entities the model has no peer for warn', () => {
    const s = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: open, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: web } }
  egress:
    - toEntities: [all]
    - toEntities: [kube-apiserver]
`,
      'p.yaml',
    );
    for (const peer of [world(), host, remoteNode, asPeer(monitor)])
      assert.equal(egress(s, web, peer).verdict, 'allow');
    const d = egress(s, web, world());
    assert.ok(d.warnings.some((w) => /kube-apiserver/.test(w.message)));
  });
});

describe('CIDR rules', () => {
  const set = loadPolicyManifests(
    `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: egress-cidrs, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: api } }
  egress:
    - toCIDR:
        - 198.51.100.10
    - toCIDRSet:
        - cidr: 203.0.113.0/24
          except:
            - 203.0.113.128/25
      toPorts:
        - ports: [{ port: "443", protocol: TCP }]
`,
    'cidr.yaml',
  );

  test('a bare IP in toCIDR is a /32', () => {
    assert.equal(egress(set, api, world('198.51.100.10'), 5432).verdict, 'allow');
    assert.equal(egress(set, api, world('198.51.100.11'), 5432).verdict, 'deny');
  });

  test('toCIDRSet except carves out a range', () => {
    const d = egress(set, api, world('203.0.113.7'));
    assert.equal(d.verdict, 'allow');
    assert.match(d.explanation, /toCIDRSet 203\.0\.113\.0\/24 except 203\.0\.113\.128\/25, port 443\/TCP/);
    assert.equal(egress(set, api, world('203.0.113.200')).verdict, 'deny');
  });

  test('CIDR rules do not match pods or nodes, even inside the prefix', () => {
    const inside = pod('db', 'default', { app: 'db' }, '198.51.100.10');
    assert.equal(egress(set, api, asPeer(inside), 5432).verdict, 'deny');
    assert.equal(egress(set, api, { kind: 'remote-node', ip: '198.51.100.10' }, 5432).verdict, 'deny');
  });
});

describe('L4: protocols and ICMP', () => {
  const set = loadPolicyManifests(
    `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: dns-and-ping, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: api } }
  egress:
    - toEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: kube-system
            k8s-app: kube-dns
      toPorts:
        - ports:
            - port: "53"
              protocol: UDP
            - port: "53"
              protocol: tcp
    - toEntities: [world]
      icmps:
        - fields:
            - type: 8
              family: IPv4
`,
    'l4.yaml',
  );
  const dns = pod('coredns-1', 'kube-system', { 'k8s-app': 'kube-dns' }, '10.0.3.2');

  test('UDP and TCP 53 only (protocol names are case-insensitive)', () => {
    assert.equal(egress(set, api, asPeer(dns), 53, { protocol: 'udp' }).verdict, 'allow');
    assert.equal(egress(set, api, asPeer(dns), 53, { protocol: 'tcp' }).verdict, 'allow');
    assert.equal(egress(set, api, asPeer(dns), 53, { protocol: 'sctp' }).verdict, 'deny');
    assert.equal(egress(set, api, asPeer(dns), 5353, { protocol: 'udp' }).verdict, 'deny');
  });

  test('an icmps rule matches ICMP only, and warns that types are not checked', () => {
    const d = evaluatePolicy(set, { direction: 'egress', subject: api, peer: world(), protocol: 'icmp' });
    assert.equal(d.verdict, 'allow');
    assert.equal(egress(set, api, world(), 443).verdict, 'deny');
    assert.ok(d.warnings.some((w) => w.feature === 'icmps'));
  });
});

describe('NetworkPolicy', () => {
  const set = loadPolicyManifests(
    `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: api-allow
  namespace: default
spec:
  podSelector:
    matchLabels:
      app: api
  policyTypes:
    - Ingress
    - Egress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: observability
          podSelector:
            matchLabels:
              app: prometheus
        - podSelector:
            matchLabels:
              app: web
      ports:
        - port: 8080
        - protocol: UDP
          port: 5000
          endPort: 5010
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except:
              - 10.0.0.0/8
              - 169.254.169.254/32
      ports:
        - port: 443
    - to:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: kube-system
`,
    'np.yaml',
  );
  const namespaceLabels = { monitoring: { team: 'observability' } };

  test('namespaceSelector AND podSelector, with topology namespace labels', () => {
    const d = ingress(set, api, asPeer(monitor), 8080, { namespaceLabels });
    assert.equal(d.verdict, 'allow');
    assert.equal(d.rule?.kind, 'NetworkPolicy');
    assert.match(
      d.explanation,
      /NetworkPolicy default\/api-allow rule 0 \(from namespaceSelector team=observability and podSelector app=prometheus, port 8080\/TCP/,
    );
    assert.equal(ingress(set, api, asPeer(monitor), 8080).verdict, 'deny');
  });

  test('podSelector alone means the policy namespace; ports default to TCP', () => {
    assert.equal(ingress(set, api, asPeer(web), 8080).verdict, 'allow');
    assert.equal(ingress(set, api, asPeer(web), 8080, { protocol: 'udp' }).verdict, 'deny');
    assert.equal(ingress(set, api, asPeer({ ...web, namespace: 'staging' }), 8080).verdict, 'deny');
    assert.equal(ingress(set, api, asPeer(web), 5005, { protocol: 'udp' }).verdict, 'allow');
  });

  test('ipBlock with except', () => {
    assert.equal(egress(set, api, world('93.184.216.34')).verdict, 'allow');
    assert.equal(egress(set, api, world('169.254.169.254')).verdict, 'deny');
    assert.equal(egress(set, api, world('10.20.30.40')).verdict, 'deny');
  });

  test('kubernetes.io/metadata.name is always a namespace label', () => {
    const dns = pod('coredns-1', 'kube-system', { 'k8s-app': 'kube-dns' }, '10.0.3.2');
    assert.equal(egress(set, api, asPeer(dns), 53).verdict, 'allow');
  });

  test('policyTypes: a listed type without rules is default deny; unlisted egress stays open', () => {
    const s = loadPolicyManifests(
      `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: default-deny-ingress, namespace: default }
spec:
  podSelector: {}
  policyTypes: [Ingress]
`,
      'np.yaml',
    );
    assert.equal(ingress(s, web, asPeer(api)).verdict, 'deny');
    assert.equal(egress(s, web, world()).enforced, false);
  });

  test('without policyTypes: Ingress always, Egress only with egress rules; empty from is every peer', () => {
    const s = loadPolicyManifests(
      `
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-port-80, namespace: default }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
    - ports:
        - port: 80
`,
      'np.yaml',
    );
    assert.equal(ingress(s, web, world(), 80).verdict, 'allow');
    assert.equal(ingress(s, web, asPeer(monitor), 80).verdict, 'allow');
    assert.equal(ingress(s, web, world(), 22).verdict, 'deny');
    assert.equal(egress(s, web, world(), 22).enforced, false);
  });
});

/** Loading policy YAML as users keep it: multi-document files, Lists, other kinds, errors and limits. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DatapathError } from '../../src/core';
import {
  MAX_ALIAS_COUNT,
  MAX_NESTING_DEPTH,
  loadPolicyFiles,
  loadPolicyManifests,
  mergePolicySets,
} from '../../src/core/policy';

const APP = `# web app: Service, Deployment and its policy in one file
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:1.27
---
apiVersion: "cilium.io/v2"
kind: CiliumNetworkPolicy
metadata:
  name: allow-web
  namespace: shop
spec:
  description: "Only the ingress controller reaches web"
  endpointSelector:
    matchLabels:
      app: web
  ingress:
    - fromEndpoints:
        - matchLabels:
            k8s:io.kubernetes.pod.namespace: ingress-nginx
      toPorts:
        - ports:
            - port: "8080"
              protocol: TCP
          rules:
            http:
              - method: GET
                path: "/.*"
  egress:
    - toFQDNs:
        - matchName: api.stripe.com
      toPorts:
        - ports:
            - port: "443"
---
`;

function loadError(text: string, file = 'policies.yaml'): string {
  try {
    loadPolicyManifests(text, file);
  } catch (e) {
    assert.ok(e instanceof DatapathError, `expected a DatapathError, got ${String(e)}`);
    assert.equal(e.code, 'invalid-manifest');
    return e.message;
  }
  assert.fail('expected the manifest to be refused');
}

describe('loading manifests', () => {
  test('a multi-document file with a Service and a Deployment: one policy, two other objects', () => {
    const set = loadPolicyManifests(APP, 'web.yaml');
    assert.equal(set.policies.length, 1);
    const p = set.policies[0]!;
    assert.deepEqual([p.kind, p.namespace, p.name], ['CiliumNetworkPolicy', 'shop', 'allow-web']);
    // the leading comment belongs to the stream, so the Service is document 1 (as kubectl counts)
    assert.deepEqual(p.source, { file: 'web.yaml', document: 3 });
    assert.deepEqual(
      set.others.map((o) => [o.kind, o.namespace, o.name, o.source.document]),
      [
        ['Service', 'shop', 'web', 1],
        ['Deployment', 'shop', 'web', 2],
      ],
    );
    assert.deepEqual((set.others[0]!.object.spec as any).ports[0], { port: 80, targetPort: 8080 });
  });

  test('unsupported features are warnings on the policy, with their paths', () => {
    const p = loadPolicyManifests(APP, 'web.yaml').policies[0]!;
    assert.deepEqual(
      p.warnings.map((w) => [w.path, w.feature]),
      [
        ['spec.ingress[0].toPorts[0].rules', 'L7 rules (http)'],
        ['spec.egress[0].toFQDNs', 'toFQDNs'],
      ],
    );
  });

  test('kind: List items, a namespace defaulting to default, and empty documents', () => {
    const set = loadPolicyManifests(
      `
apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata:
      name: default-deny
    spec:
      podSelector: {}
      policyTypes: [Ingress, Egress]
  - apiVersion: cilium.io/v2
    kind: CiliumClusterwideNetworkPolicy
    metadata:
      name: allow-dns
    spec:
      endpointSelector: {}
      egress:
        - toEndpoints:
            - matchLabels:
                k8s:io.kubernetes.pod.namespace: kube-system
                k8s-app: kube-dns
          toPorts:
            - ports: [{ port: "53", protocol: ANY }]
---
# nothing here
---
`,
      'list.yaml',
    );
    assert.deepEqual(
      set.policies.map((p) => [p.kind, p.namespace, p.name, p.source.item]),
      [
        ['NetworkPolicy', 'default', 'default-deny', 'items[0]'],
        ['CiliumClusterwideNetworkPolicy', undefined, 'allow-dns', 'items[1]'],
      ],
    );
    assert.deepEqual(set.policies[0]!.rules[0]!.defaultDeny, { ingress: true, egress: true });
  });

  test('spec and specs together give one rule each', () => {
    const set = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: two, namespace: default }
spec:
  endpointSelector: { matchLabels: { app: a } }
  ingress: [{ fromEntities: [cluster] }]
specs:
  - endpointSelector: { matchLabels: { app: b } }
    egress: [{ toEntities: [world] }]
`,
      'two.yaml',
    );
    assert.deepEqual(
      set.policies[0]!.rules.map((r) => [r.specIndex, r.defaultDeny]),
      [
        [undefined, { ingress: true, egress: false }],
        [0, { ingress: false, egress: true }],
      ],
    );
  });

  test('a host policy (nodeSelector) loads with a warning and selects no pod', () => {
    const p = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: host-fw }
spec:
  nodeSelector: { matchLabels: { node-role.kubernetes.io/control-plane: "" } }
  ingress: [{ fromEntities: [cluster] }]
`,
      'host.yaml',
    ).policies[0]!;
    assert.equal(p.rules[0]!.subject, undefined);
    assert.equal(p.warnings[0]!.feature, 'nodeSelector (host policy)');
  });

  test('files merge; the same policy in two files is refused naming both', () => {
    const a = loadPolicyManifests(APP, 'web.yaml');
    const b = loadPolicyManifests(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {} }\n',
      'deny.yaml',
    );
    const merged = mergePolicySets(a, b);
    assert.deepEqual(
      merged.policies.map((p) => p.name),
      ['allow-web', 'deny'],
    );
    assert.equal(merged.others.length, 2);
    assert.throws(
      () =>
        loadPolicyFiles([
          { name: 'web.yaml', text: APP },
          { name: 'copy.yaml', text: APP },
        ]),
      /copy\.yaml, document 3 \(CiliumNetworkPolicy shop\/allow-web\): metadata\.name: the same policy is already defined in web\.yaml, document 3/,
    );
  });
});

describe('refused manifests name file, document and field', () => {
  test('a named port', () => {
    const message = loadError(`
apiVersion: v1
kind: ConfigMap
metadata: { name: unrelated }
data: { a: b }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: allow-web
  namespace: default
spec:
  endpointSelector: { matchLabels: { app: web } }
  ingress:
    - toPorts:
        - ports:
            - port: http
`);
    assert.match(
      message,
      /^policies\.yaml, document 2 \(CiliumNetworkPolicy default\/allow-web\): spec\.ingress\[0\]\.toPorts\[0\]\.ports\[0\]\.port: "http" is not a port number \(unsupported: named port/,
    );
  });

  test('broken YAML gives the document, the field it is under, line and column', () => {
    const message = loadError(`apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: broken
 namespace: shop
`);
    assert.match(message, /^policies\.yaml, document 2: metadata\.namespace: line 9, column \d+: /);
  });

  test('an unknown policy kind and a wrong apiVersion', () => {
    assert.match(
      loadError('apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicies\nmetadata: { name: x }\nspec: {}\n'),
      /^policies\.yaml, document 1 \(CiliumNetworkPolicies x\): kind: "CiliumNetworkPolicies" \(cilium\.io\/v2\) is not a policy kind this engine knows/,
    );
    assert.match(
      loadError(
        'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: { name: old }\nspec: { podSelector: {} }\n',
      ),
      /document 1 \(NetworkPolicy old\): apiVersion: "extensions\/v1beta1" does not serve NetworkPolicy; use networking\.k8s\.io\/v1/,
    );
  });

  test('invalid fields: a typo, an unknown entity, a bad CIDR, an except outside its CIDR, a bad operator', () => {
    const cnp = (body: string): string =>
      `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: p, namespace: ns }\nspec:\n  endpointSelector: {}\n${body}`;
    const cases: Array<[string, RegExp]> = [
      ['  ingress:\n    - fromEndpoint: [{}]\n', /spec\.ingress\[0\]\.fromEndpoint: unknown field/],
      [
        '  egress:\n    - toEntities: [internet]\n',
        /spec\.egress\[0\]\.toEntities\[0\]: "internet" is not an entity/,
      ],
      [
        '  egress:\n    - toCIDR: [10.0.0.0/33]\n',
        /spec\.egress\[0\]\.toCIDR\[0\]: "10\.0\.0\.0\/33" is not a CIDR/,
      ],
      [
        '  egress:\n    - toCIDRSet: [{ cidr: 10.0.0.0/8, except: [192.168.0.0/16] }]\n',
        /spec\.egress\[0\]\.toCIDRSet\[0\]\.except\[0\]: "192\.168\.0\.0\/16" is not inside 10\.0\.0\.0\/8/,
      ],
      [
        '  ingress:\n    - fromEndpoints: [{ matchExpressions: [{ key: app, operator: in, values: [a] }] }]\n',
        /spec\.ingress\[0\]\.fromEndpoints\[0\]\.matchExpressions\[0\]\.operator: "in" is not an operator/,
      ],
      [
        '  ingress:\n    - toPorts: [{ ports: [{ port: "80", endPort: 70 }] }]\n',
        /spec\.ingress\[0\]\.toPorts\[0\]\.ports\[0\]\.endPort: endPort 70 is below port 80/,
      ],
      [
        '  ingress:\n    - fromEndpoints: [{ matchLabels: { enabled: true } }]\n',
        /matchLabels\.enabled: label values are strings, found true \(quote it\)/,
      ],
    ];
    for (const [body, expected] of cases) {
      const message = loadError(cnp(body));
      assert.match(message, /^policies\.yaml, document 1 \(CiliumNetworkPolicy ns\/p\): /);
      assert.match(message, expected);
    }
  });

  test('a document that is not an object', () => {
    assert.match(loadError('- a\n- b\n'), /^policies\.yaml, document 1: expected a Kubernetes object/);
  });
});

describe('limits', () => {
  test('a YAML alias bomb is refused', () => {
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: lol }',
      'data:',
      '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    ].join('\n');
    assert.match(
      loadError(bomb, 'bomb.yaml'),
      new RegExp(`^bomb\\.yaml, document 1: aliases expand to too many nodes \\(over ${MAX_ALIAS_COUNT}\\)`),
    );
  });

  test('a few aliases (and merge keys) are fine', () => {
    const set = loadPolicyManifests(
      `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: aliased, namespace: default }
spec:
  endpointSelector: &web { matchLabels: { app: web } }
  ingress:
    - fromEndpoints: [*web]
      toPorts:
        - ports:
            - &http { port: "80", protocol: TCP }
            - { <<: *http, port: "8080" }
`,
      'ok.yaml',
    );
    assert.deepEqual(set.policies[0]!.rules[0]!.ingress[0]!.ports, [
      { port: 80, protocol: 'TCP' },
      { port: 8080, protocol: 'TCP' },
    ]);
  });

  test('deep nesting is refused before it can exhaust the stack or the heap', () => {
    const flow =
      'apiVersion: v1\nkind: ConfigMap\n---\nx: ' + '['.repeat(200_000) + ']'.repeat(200_000) + '\n';
    assert.match(
      loadError(flow, 'deep.yaml'),
      new RegExp(
        `^deep\\.yaml, document 2 \\(from line 4\\): nesting deeper than ${MAX_NESTING_DEPTH} levels is refused`,
      ),
    );
    assert.match(
      loadError('- '.repeat(100_000) + 'x\n', 'seq.yaml'),
      /^seq\.yaml, document 1 .*nesting deeper/,
    );
  });

  test('an oversized file is refused', () => {
    const big =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: big }\ndata:\n  blob: "' +
      'x'.repeat(5 * 1024 * 1024) +
      '"\n';
    assert.match(
      loadError(big, 'big.yaml'),
      /^big\.yaml: the file has \d+ characters; manifests over \d+ are refused/,
    );
  });
});

/**
 * `file:line` → the enclosing function in a checkout: the committed sample (every CI run) and real
 * Cilium trees of two releases (CDX_TREES=/work/trees; listed in test/skip-allowlist.json otherwise).
 * Expected functions are read in the trees and cited, not taken from the indexer.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SourceIndex } from '../../src/core';
import type { CheckoutView } from '../../src/core/observe';
import { diskCheckoutView } from '../../src/node-io/checkout-view';
import { findCheckoutSync, indexCheckoutSync } from '../../src/node-io/read-checkout';
import { explain, ROOT } from './explain-helpers';

function checkout(dir: string): { view: CheckoutView; version: string | undefined } {
  const files = findCheckoutSync(dir);
  assert.ok(files, dir);
  const index = new SourceIndex();
  for (const entry of indexCheckoutSync(files)) index.set(entry);
  return { view: diskCheckoutView(files.root, (p) => index.get(p)), version: files.versionText?.trim() };
}

const drop = (file: string, line: number, text = 'Policy denied') =>
  `xx drop (${text}) flow 0x1 to endpoint 0, ifindex 3, file ${file}:${line}, , identity 2->3: 10.0.0.1:1 -> 10.0.0.2:2 tcp SYN`;

describe('file:line in the committed sample checkout (sample/cilium-v1.10)', () => {
  const sample = checkout(join(ROOT, 'sample', 'cilium-v1.10'));
  test('a line inside handle_policy resolves to it; the checkout VERSION is the release', () => {
    // sample/cilium-v1.10/bpf/bpf_lxc.c:53 int handle_policy(…), body to :58
    const o = explain(drop('bpf_lxc.c', 55), { checkout: sample.view, checkoutVersion: sample.version });
    assert.equal(o.path, 'bpf/bpf_lxc.c');
    assert.equal(o.function, 'handle_policy');
    assert.equal(o.ciliumVersion, 'v1.10');
  });
  test('the sample holds no send_drop_notify: the line is flagged as another release’s', () => {
    const o = explain(drop('bpf_lxc.c', 55), { checkout: sample.view, checkoutVersion: sample.version });
    assert.ok(
      o.warnings.some((w) => w.includes('holds no drop notification')),
      o.warnings.join('\n'),
    );
    assert.ok(o.warnings.some((w) => w.includes('printed by v1.14 … main, but the checkout is v1.10')));
  });
  test('a line past the end, and a file the checkout does not have', () => {
    const past = explain(drop('bpf_lxc.c', 5000), { checkout: sample.view });
    assert.equal(past.function, undefined);
    assert.ok(past.warnings.some((w) => w.includes('has no line 5000')));
    const none = explain(drop('bpf_wireguard.c', 10), { checkout: sample.view });
    assert.equal(none.path, undefined);
    assert.ok(none.warnings.some((w) => w.includes('is not a file of this checkout')));
  });
});

const TREES = process.env['CDX_TREES'];
const hasTrees =
  !!TREES && existsSync(join(TREES, 'v1.12.0', 'bpf')) && existsSync(join(TREES, 'v1.16.0', 'bpf'));

describe(
  'file:line in real Cilium trees',
  { skip: hasTrees ? false : 'real trees: set CDX_TREES to a folder of extracted releases' },
  () => {
    test('v1.12.0: "file bpf_lxc.c line 1899" is in tail_ipv4_policy and holds its drop site', () => {
      const c = checkout(join(TREES!, 'v1.12.0'));
      // v1.12.0 bpf/bpf_lxc.c:1879 int tail_ipv4_policy(…); :1899 return send_drop_notify(ctx, src_label, SECLABEL, LXC_ID,
      const line =
        'xx drop (Policy denied) flow 0x1 to endpoint 0, file bpf_lxc.c line 1899, , identity 2->3: 10.0.0.1:1 -> 10.0.0.2:2 tcp SYN';
      const o = explain(line, { checkout: c.view, ciliumVersion: 'v1.12' });
      assert.equal(o.function, 'tail_ipv4_policy');
      assert.deepEqual(o.warnings, []);
    });
    test('v1.16.0: bpf_lxc.c:2211 is in handle_policy; bpf_lxc.c:1397 in tail_handle_ipv4', () => {
      const c = checkout(join(TREES!, 'v1.16.0'));
      // v1.16.0 bpf/bpf_lxc.c:2174 int handle_policy(…); :2211 return send_drop_notify_ext(ctx, src_label, sec_label, LXC_ID, ret, ext_err,
      const policy = explain(drop('bpf_lxc.c', 2211), { checkout: c.view, ciliumVersion: 'v1.16' });
      assert.equal(policy.function, 'handle_policy');
      assert.deepEqual(policy.warnings, []);
      // v1.16.0 bpf/bpf_lxc.c:1391 int tail_handle_ipv4(…); :1397 return send_drop_notify_error_ext(ctx, SECLABEL_IPV4, ret, ext_err,
      const egress = explain(drop('bpf_lxc.c', 1397, 'Invalid source ip'), {
        checkout: c.view,
        ciliumVersion: 'v1.16',
      });
      assert.equal(egress.function, 'tail_handle_ipv4');
      assert.deepEqual(egress.warnings, []);
    });
    test("another release's line: v1.12's tail_ipv4_policy drop line in the v1.16 tree is flagged", () => {
      const c = checkout(join(TREES!, 'v1.16.0'));
      // v1.16.0 bpf/bpf_lxc.c:1899 is not a send_drop_notify call
      const o = explain(drop('bpf_lxc.c', 1899), { checkout: c.view, ciliumVersion: 'v1.16' });
      assert.ok(
        o.warnings.some((w) => w.includes('another release')),
        o.warnings.join('\n'),
      );
    });
  },
);

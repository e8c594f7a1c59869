/**
 * Drop codes by release: the numbers from each release's bpf/lib/common.h (drop_reasons.h from v1.18)
 * and the monitor's text from that release's pkg/monitor/api/drop.go, read in the trees and cited here,
 * independent of the table.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseCiliumVersion } from '../../src/core';
import { dropReasonByCode, dropReasonByText } from '../../src/core/model/table/drop-reasons';
import { hubbleDropCode } from '../../src/core/model/table/hubble-drop-reasons';
import { sourceFileById } from '../../src/core/model/table/source-file-ids';
import { explain } from './explain-helpers';

const v = parseCiliumVersion;
const names = (code: number, release: string) => dropReasonByCode(code, v(release)).map((r) => r.name);

describe('drop codes by release', () => {
  test('-151 was DROP_NON_LOCAL until v1.5 and DROP_UNROUTABLE from v1.6', () => {
    assert.deepEqual(names(-151, 'v1.5'), ['DROP_NON_LOCAL']); // v1.5.0 bpf/lib/common.h
    assert.deepEqual(names(-151, 'v1.6'), ['DROP_UNROUTABLE']); // v1.6.0 bpf/lib/common.h:294
    assert.equal(dropReasonByCode(-151, v('v1.16'))[0]!.text, 'Stale or unroutable IP');
  });
  test('-181 DROP_POLICY_DENY exists from v1.9 (v1.9.0 bpf/lib/common.h:383)', () => {
    assert.deepEqual(names(-181, 'v1.8'), []);
    assert.deepEqual(names(-181, 'v1.9'), ['DROP_POLICY_DENY']);
    assert.equal(dropReasonByCode(181, v('main'))[0]!.text, 'Policy denied by denylist');
  });
  test('-189 DROP_POLICY_AUTH_REQUIRED from v1.13 (v1.13.0 bpf/lib/common.h:541)', () => {
    assert.deepEqual(names(-189, 'v1.12'), []);
    assert.deepEqual(names(-189, 'v1.13'), ['DROP_POLICY_AUTH_REQUIRED']);
  });
  test('-203 DROP_EP_NOT_READY from v1.16 (v1.16.0 bpf/lib/common.h:655), still in drop_reasons.h of v1.18', () => {
    assert.deepEqual(names(-203, 'v1.15'), []);
    assert.deepEqual(names(-203, 'v1.16'), ['DROP_EP_NOT_READY']);
    assert.deepEqual(names(-203, 'v1.18'), ['DROP_EP_NOT_READY']);
  });
  test('"Policy denied (L3)" until v1.6, "Policy denied" from v1.7 (pkg/monitor/api/drop.go of each)', () => {
    assert.deepEqual(
      dropReasonByText('Policy denied (L3)', v('v1.6')).map((r) => r.code),
      [-133],
    );
    assert.deepEqual(dropReasonByText('Policy denied (L3)', v('v1.7')), []);
    assert.deepEqual(
      dropReasonByText('Policy denied', v('v1.7')).map((r) => r.name),
      ['DROP_POLICY'],
    );
  });
  test('the same line decodes differently per release', () => {
    const line =
      'xx drop (Stale or unroutable IP) flow 0x1 to endpoint 0, identity 2->0: 10.0.0.1 -> 10.0.0.2 EchoRequest';
    assert.equal(explain(line, { ciliumVersion: 'v1.6' }).reason, 'DROP_UNROUTABLE');
    const old = explain(line, { ciliumVersion: 'v1.5' });
    assert.equal(old.reason, undefined);
    assert.ok(old.warnings.some((w) => w.includes('DROP_UNROUTABLE (-151) in v1.6 … main')));
  });
  test('a bare number (an unknown code) decodes by code', () => {
    const o = explain(
      'xx drop (181) flow 0x1 to endpoint 0, identity 2->0: 10.0.0.1 -> 10.0.0.2 EchoRequest',
      {
        ciliumVersion: 'v1.9',
      },
    );
    assert.equal(o.reason, 'DROP_POLICY_DENY');
  });
  test("Hubble's names are the monitor's codes (main api/v1/flow/flow.proto)", () => {
    assert.equal(hubbleDropCode('POLICY_DENIED'), 133);
    assert.equal(hubbleDropCode('POLICY_DENY'), 181);
    assert.equal(hubbleDropCode('toString'), undefined);
  });
});

describe('source file ids by release', () => {
  test('v1.13–v1.15 bpf/source_names_to_ids.h, v1.16+ bpf/lib/source_info.h', () => {
    assert.equal(sourceFileById(2, v('v1.13')), 'bpf_lxc.c'); // v1.13.0 bpf/source_names_to_ids.h:24
    assert.equal(sourceFileById(103, v('v1.14')), 'egress_policies.h'); // v1.14.0 bpf/source_names_to_ids.h:31
    assert.equal(sourceFileById(103, v('v1.15')), 'srv6.h'); // v1.15.0 bpf/source_names_to_ids.h:31
    assert.equal(sourceFileById(101, v('v1.16')), 'arp.h'); // v1.16.0 bpf/lib/source_info.h:45
    assert.equal(sourceFileById(110, v('v1.17')), 'l3.h'); // v1.17.0 bpf/lib/source_info.h:54
    assert.equal(sourceFileById(110, v('v1.18')), 'local_delivery.h'); // v1.18.0 bpf/lib/source_info.h:54
    assert.equal(sourceFileById(101, v('v1.19')), 'drop.h'); // v1.19.0 bpf/lib/source_info.h:45
    assert.equal(sourceFileById(6, v('v1.19')), 'bpf_network.c'); // v1.19.0 bpf/lib/source_info.h:41
    assert.equal(sourceFileById(6, v('main')), undefined); // main bpf/lib/source_info.h:41 (commented out)
    assert.equal(sourceFileById(2, v('v1.12')), undefined);
  });
});

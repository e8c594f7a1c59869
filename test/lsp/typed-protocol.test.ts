/**
 * The custom methods' boundary: domain errors keep their code and their machine-readable reason;
 * modes and hooks from the wire are checked before the model looks them up (a prototype key such as
 * "constructor" was an internal error: reliability review #17, server side); per-folder settings
 * (workspace/configuration with a scope) reach each checkout.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  CiliumErrorCodes,
  LocateProgramRequest,
  ResolveHookRequest,
  StatusRequest,
  TraceRequest,
} from '../../src/protocol/lsp-protocol';
import { ERAS, ROOT, startServer, type Session } from './lsp-client';

const SAMPLE = join(ROOT, 'sample', 'cilium-v1.10');
const sessions: Session[] = [];
const dirs: string[] = [];
after(async () => {
  for (const s of sessions) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function rejection(p: Promise<unknown>): Promise<{ code: number; message: string; data?: unknown }> {
  try {
    await p;
  } catch (e) {
    return e as { code: number; message: string; data?: unknown };
  }
  throw new Error('the request did not fail');
}

describe('custom requests: typed errors and checked input', () => {
  test('an unknown pod is a DatapathError with its reason', async () => {
    const s = await startServer(SAMPLE);
    sessions.push(s);
    const e = await rejection(s.connection.sendRequest(TraceRequest, { from: 'pod0', to: 'nobody' }));
    assert.equal(e.code, CiliumErrorCodes.DatapathError);
    assert.deepEqual(Object.keys(e.data as object), ['reason']);
    assert.match((e.data as { reason: string }).reason, /^[a-z-]+$/);
  });

  test('prototype keys as mode or hook: "Unknown mode/hook", never an internal error', async () => {
    const s = sessions[0]!;
    for (const [request, params, reason] of [
      [TraceRequest, { from: 'pod0', to: 'pod3', mode: 'constructor' }, 'unknown-mode'],
      [TraceRequest, { from: 'pod0', to: 'pod3', startAt: '__proto__' }, 'unknown-hook'],
      [ResolveHookRequest, { hook: 'from-container', mode: 'toString' }, 'unknown-mode'],
      [ResolveHookRequest, { hook: 'constructor' }, 'unknown-hook'],
    ] as const) {
      const e = await rejection(s.connection.sendRequest(request.method, params));
      assert.equal(e.code, CiliumErrorCodes.DatapathError, `${JSON.stringify(params)}: ${e.message}`);
      assert.deepEqual(e.data, { reason });
      assert.match(e.message, /^Unknown (mode|hook) /);
    }
    assert.equal(
      await s.connection.sendRequest(LocateProgramRequest, { file: 'bpf/bpf_lxc.c', hook: 'constructor' }),
      null,
    );
  });

  test('per-folder settings: each checkout follows its folder’s ciliumVersion', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'cdx-folders-'));
    dirs.push(parent);
    const a = join(parent, 'a');
    const b = join(parent, 'b');
    cpSync(SAMPLE, a, { recursive: true });
    cpSync(join(ERAS, 'v1.16'), b, { recursive: true });
    const s = await startServer(
      parent,
      {},
      {
        folders: [a, b],
        configuration: (scopeUri) => ({ ciliumVersion: scopeUri?.endsWith('/a') ? 'v1.12' : 'auto' }),
      },
    );
    sessions.push(s);
    const st = await s.waitFor('folder settings applied', async () => {
      const x = await s.connection.sendRequest(StatusRequest, {});
      return x.checkouts.length === 2 && x.checkouts.some((c) => c.effectiveVersion === 'v1.12')
        ? x
        : undefined;
    });
    assert.deepEqual(st.checkouts.map((c) => [c.root.split('/').pop(), c.effectiveVersion]).sort(), [
      ['a', 'v1.12'],
      ['b', 'v1.16'],
    ]);
  });
});

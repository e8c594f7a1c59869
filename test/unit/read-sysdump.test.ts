/**
 * Reading a cilium-sysdump zip (yauzl): only the entries an import needs, by cilium-cli's names;
 * an entry over the limit, a file that is not a zip and a directory are errors naming the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import JSZip from 'jszip';
import { FileReadError } from '../../src/node-io/read-regular-file';
import { readSysdump } from '../../src/node-io/read-sysdump';

const dir = mkdtempSync(join(tmpdir(), 'cdx-sysdump-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const TS = '20240611-093000';

async function zipOf(name: string, files: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  for (const [path, text] of Object.entries(files)) zip.file(path, text);
  const path = join(dir, name);
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

describe('readSysdump', () => {
  test('picks the config, nodes, endpoints, manifests and DaemonSet; leaves logs and other files', async () => {
    const path = await zipOf('a.zip', {
      [`cilium-sysdump-${TS}/cilium-configmap-${TS}.yaml`]: 'kind: ConfigMap\n',
      [`cilium-sysdump-${TS}/ciliumnodes-${TS}.yaml`]: 'kind: List\n',
      [`cilium-sysdump-${TS}/ciliumendpoints-${TS}.yaml`]: 'kind: List\n',
      [`cilium-sysdump-${TS}/k8s-services-${TS}.yaml`]: 'kind: List\n',
      [`cilium-sysdump-${TS}/cilium-daemonset-${TS}.yaml`]: 'kind: DaemonSet\n',
      [`cilium-sysdump-${TS}/ciliumendpointslices-${TS}.yaml`]: 'kind: List\n',
      [`cilium-sysdump-${TS}/logs-cilium-x-cilium-agent-${TS}.log`]: 'level=info\n',
    });
    const files = await readSysdump(path);
    assert.deepEqual(
      files.map((f) => [f.role, f.entry.split('/').pop()]),
      [
        ['config', `cilium-configmap-${TS}.yaml`],
        ['nodes', `ciliumnodes-${TS}.yaml`],
        ['endpoints', `ciliumendpoints-${TS}.yaml`],
        ['manifest', `k8s-services-${TS}.yaml`],
        ['daemonset', `cilium-daemonset-${TS}.yaml`],
      ],
    );
    assert.equal(files[0]!.file, `${path}:cilium-sysdump-${TS}/cilium-configmap-${TS}.yaml`);
    assert.equal(files[0]!.text, 'kind: ConfigMap\n');
  });
  test('an entry that inflates past the limit is an error naming the zip and the entry', async () => {
    const path = await zipOf('big.zip', { [`ciliumendpoints-${TS}.yaml`]: 'x'.repeat(5000) });
    await assert.rejects(
      readSysdump(path, 1000),
      (e: unknown) =>
        e instanceof FileReadError &&
        e.kind === 'too-large' &&
        e.message.includes(`big.zip:ciliumendpoints-${TS}.yaml is 5000 bytes, over the 1000 bytes limit`),
    );
  });
  test('not a zip, or a directory: errors naming the file', async () => {
    const notZip = join(dir, 'not.zip');
    writeFileSync(notZip, 'apiVersion: v1\n');
    await assert.rejects(
      readSysdump(notZip),
      (e: unknown) => e instanceof FileReadError && /not\.zip is not a zip file/.test(e.message),
    );
    await assert.rejects(
      readSysdump(dir),
      (e: unknown) => e instanceof FileReadError && /is a directory, not a regular file/.test(e.message),
    );
  });
});

/**
 * cilium/importSnapshot and cilium/verifyAttachments: the heavy part of the editor's Import Cluster
 * Snapshot… and Verify Attachments… commands (YAML, zod, zip) runs here, where the parsers already
 * are, so the extension bundle stays small. The server reads the files the user chose; it never
 * writes (the client writes the topology and the manifests it returns).
 */
import { ResponseError, type Connection } from 'vscode-languageserver/node';
import { DatapathError, isDatapathMode, versionOrDefault } from '../core';
import { parseBpftoolNet, verifyAttachments } from '../core/attach';
import { resolveCiliumConfig } from '../core/model/cilium-config';
import { formatWarning, importSnapshot } from '../core/cluster';
import { FileReadError } from '../node-io/read-regular-file';
import { readSnapshotFiles } from '../node-io/read-snapshot-inputs';
import {
  CiliumErrorCodes,
  ImportSnapshotRequest,
  VerifyAttachmentsRequest,
  type DatapathErrorData,
} from '../protocol/lsp-protocol';
import type { WorkspaceState } from './workspace-state';

function asError(e: unknown): ResponseError<DatapathErrorData | void> {
  if (e instanceof DatapathError)
    return new ResponseError(CiliumErrorCodes.DatapathError, e.message, { reason: e.code });
  if (e instanceof FileReadError)
    return new ResponseError(CiliumErrorCodes.DatapathError, e.message, { reason: `file-${e.kind}` });
  return new ResponseError(CiliumErrorCodes.InternalError, `Internal error: ${(e as Error).message}`);
}

export function registerClusterRequests(
  connection: Connection,
  state: (scopeUri?: string) => WorkspaceState,
  ready: () => Promise<unknown>,
): void {
  connection.onRequest(ImportSnapshotRequest, async (p) => {
    await ready();
    try {
      if (!Array.isArray(p.paths) || !p.paths.every((x) => typeof x === 'string'))
        throw new DatapathError('paths must be a list of file paths', 'invalid-params');
      const files = await readSnapshotFiles(p.paths, p.outputDir, p.outputName);
      if (!files.input.nodes.length || !files.input.endpoints.length)
        throw new DatapathError(
          'The snapshot needs CiliumNodes and CiliumEndpoints (kubectl get ciliumnodes -o yaml; kubectl get ciliumendpoints -A -o yaml), or a cilium-sysdump zip.',
          'incomplete-snapshot',
        );
      const result = importSnapshot({
        ...files.input,
        ...(typeof p.ciliumVersion === 'string' && p.ciliumVersion ? { ciliumVersion: p.ciliumVersion } : {}),
      });
      return {
        topology: result.topology,
        writes: files.writes,
        notes: [...result.warnings.map(formatWarning), ...files.skipped.map((s) => `skipped ${s}`)],
      };
    } catch (e) {
      return asError(e);
    }
  });

  connection.onRequest(VerifyAttachmentsRequest, async (p) => {
    await ready();
    const ws = state(p.scopeUri);
    try {
      if (typeof p.text !== 'string') throw new DatapathError('text must be the listing', 'invalid-params');
      const mode = p.mode ?? ws.topology.mode ?? ws.settings.mode;
      if (!isDatapathMode(mode)) throw new DatapathError(`Unknown mode "${String(mode)}"`, 'unknown-mode');
      const version = versionOrDefault(p.ciliumVersion ?? ws.topology.ciliumVersion ?? ws.version());
      const listing = parseBpftoolNet(p.text, typeof p.name === 'string' ? p.name : 'listing');
      return {
        // the workspace's cilium-config (topology config, ciliumDatapath.config) over the mode preset
        ...verifyAttachments(listing, resolveCiliumConfig(mode, version, ws.configLayers()).config, version),
        mode,
        skippedLines: listing.skippedCount,
      };
    } catch (e) {
      return asError(e);
    }
  });
}

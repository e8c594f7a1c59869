// A minimal LSP client over real stdio for the benchmarks (our server and clangd alike).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

export async function openSession(command, args, rootDir, initializationOptions = {}, env = process.env) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  for (const n of [
    'window/logMessage',
    'window/showMessage',
    'textDocument/publishDiagnostics',
    'cilium/indexChanged',
    '$/progress',
    'textDocument/clangd.fileStatus',
  ])
    connection.onNotification(n, () => undefined);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/configuration', () => [null]);
  connection.listen();
  const rootUri = pathToFileURL(rootDir).toString();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: {
      textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      workspace: { codeLens: { refreshSupport: true } }, // as VS Code
    },
    initializationOptions,
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    async open(file, text) {
      await connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: pathToFileURL(file).toString(), languageId: 'c', version: 1, text },
      });
    },
    async close() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        /* already gone */
      }
      await Promise.race([
        new Promise((r) => child.once('exit', r)),
        new Promise((r) => setTimeout(r, 2000)),
      ]);
      if (child.exitCode === null) child.kill('SIGKILL');
      connection.dispose();
    },
  };
}

/**
 * The CodeLens provider, registered when the extension activates instead of when the language server
 * has answered `initialize` (issue 15: the first lens in a fresh window).
 *
 * VS Code asks a CodeLens provider for a document only after a debounce that starts when the provider
 * is registered (code-server 4.139's workbench: `CodeLensProvide`, at least 250 ms; with no history in
 * a fresh window it starts at the average of the other features' debounces — Links alone starts at
 * 1.5 s — so 0.5–1 s), and a provider registered later restarts it. vscode-languageclient registers
 * its provider once the server runs, so that debounce came on top of the server's start. Registered
 * at activation, the debounce runs while the server starts: asked before the server runs, the
 * provider answers at once with no lenses (a fast answer keeps VS Code's adaptive debounce at its
 * minimum) and tells VS Code to ask again as soon as the client runs.
 *
 * The client's own CodeLens feature still declares the client's capabilities (resolve, refresh) and
 * handles `workspace/codeLens/refresh`, but registers no second provider: it is given this one.
 */
import * as vscode from 'vscode';
import {
  CodeLensRequest,
  CodeLensResolveRequest,
  State,
  type LanguageClient,
} from 'vscode-languageclient/node';
import { markStart } from './start-timing';

export function registerEarlyCodeLens(
  client: LanguageClient,
  selector: vscode.DocumentSelector,
): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const running = (): boolean => client.state === State.Running;
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses: async (document, token) => {
      if (!running()) {
        markStart('codelens-asked-before-server');
        return []; // asked again (onDidChangeCodeLenses) once the client runs
      }
      markStart('codelens-requested');
      try {
        const result = await client.sendRequest(
          CodeLensRequest.type,
          client.code2ProtocolConverter.asCodeLensParams(document),
          token,
        );
        markStart('codelens-answered');
        if (token.isCancellationRequested) return null;
        return await client.protocol2CodeConverter.asCodeLenses(result, token);
      } catch (e) {
        return client.handleFailedRequest(CodeLensRequest.type, token, e, null);
      }
    },
    resolveCodeLens: async (lens, token) => {
      if (!running()) return lens;
      try {
        const result = await client.sendRequest(
          CodeLensResolveRequest.type,
          client.code2ProtocolConverter.asCodeLens(lens),
          token,
        );
        if (token.isCancellationRequested) return lens;
        return client.protocol2CodeConverter.asCodeLens(result);
      } catch (e) {
        return client.handleFailedRequest(CodeLensResolveRequest.type, token, e, lens);
      }
    },
  };
  const registration = vscode.languages.registerCodeLensProvider(selector, provider);
  // the client's feature: capabilities and the refresh handler stay; its provider is this one
  const feature = client.getFeature(CodeLensRequest.method) as unknown as {
    registerLanguageProvider: (options: unknown) => [vscode.Disposable, unknown];
  };
  feature.registerLanguageProvider = () => [
    new vscode.Disposable(() => undefined),
    { provider, onDidChangeCodeLensEmitter: changed },
  ];
  const started = client.onDidChangeState((e) => {
    if (e.newState === State.Running) changed.fire();
  });
  return vscode.Disposable.from(registration, started, changed);
}

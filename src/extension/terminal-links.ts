/**
 * Terminal links: a source location as `cilium monitor` prints it — `file bpf_lxc.c:1998` (v1.14+),
 * `file bpf_lxc.c line 1182` (v1.12), `lib/icmp6.h:413` — opens that line of the window's checkout.
 */
import * as vscode from 'vscode';
import type { Engine } from './engine';
import { openAt } from './commands/explain-commands';
import { findSourceLocations } from '../core/observe';

export interface SourceTerminalLink extends vscode.TerminalLink {
  file: string;
  line: number;
}

export function createSourceTerminalLinks(
  engine: Engine,
  log: vscode.LogOutputChannel,
): vscode.TerminalLinkProvider<SourceTerminalLink> {
  return {
    provideTerminalLinks: (context) =>
      context.line.length > 4000
        ? []
        : findSourceLocations(context.line).map((l) => ({
            ...l,
            tooltip: `Open ${l.file} line ${l.line} in the Cilium checkout`,
          })),
    handleTerminalLink: async (link) => {
      const loc = await engine.locateSource(link.file, link.line).catch((e: unknown) => {
        log.warn(`terminal link ${link.file}:${link.line}: ${(e as Error).message}`);
        return undefined;
      });
      if (!loc) {
        void vscode.window.showWarningMessage(`No Cilium checkout in this window has ${link.file}.`);
        return;
      }
      await openAt(loc.uri, loc.line);
    },
  };
}

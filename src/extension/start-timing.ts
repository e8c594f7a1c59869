/**
 * Start-up timestamps (wall clock, ms since the epoch) in the output channel, once each:
 * `start-timing <mark> <ms>`. The server logs its own marks the same way, so that the `ui` layer can
 * take the first lens apart (activation, server start, first CodeLens request, first answer) against
 * the moment its tab opened (docs/benchmarks.md).
 */
import type * as vscode from 'vscode';

/** when this module was evaluated: the extension's bundle is loaded */
const LOADED_AT = Date.now();
const seen = new Set<string>();
let channel: vscode.LogOutputChannel | undefined;

export function startTiming(log: vscode.LogOutputChannel): void {
  channel = log;
  markStart('extension-loaded', LOADED_AT);
  markStart('activate');
}

export function markStart(name: string, at = Date.now()): void {
  if (seen.has(name) || !channel) return;
  seen.add(name);
  channel.info(`start-timing ${name} ${at}`);
}

import type { WebviewToHostMessage } from '../src/protocol/webview-protocol';
import type { Trace } from '../src/core/trace/trace-types';
import { isValidTrace } from '../src/protocol/validate-trace';

export interface PersistedState {
  trace?: Trace;
  selectedHop: number;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function post(message: WebviewToHostMessage): void {
  api.postMessage(message);
}

export function loadState(): PersistedState {
  // the state is ours, but it may come from an older version of the extension: validate it too
  const s = api.getState() as { selectedHop?: unknown; trace?: unknown } | undefined;
  const trace = isValidTrace(s?.trace) ? s.trace : undefined;
  const hop = s?.selectedHop;
  return {
    selectedHop: typeof hop === 'number' && Number.isInteger(hop) && hop >= 0 ? hop : 0,
    ...(trace ? { trace } : {}),
  };
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}

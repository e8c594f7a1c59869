import type { WebviewToHostMessage } from '../src/protocol/webview-protocol';
import type { Trace } from '../src/core/trace/trace-types';

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
  const s = api.getState() as Partial<PersistedState> | undefined;
  return {
    selectedHop: typeof s?.selectedHop === 'number' ? s.selectedHop : 0,
    ...(s?.trace ? { trace: s.trace } : {}),
  };
}

export function saveState(state: PersistedState): void {
  api.setState(state);
}

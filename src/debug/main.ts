/** The standalone debug adapter over stdio: `node dist/debug-adapter.js` (nvim-dap and other DAP clients). */
import { DebugSession } from '@vscode/debugadapter';
import { DatapathDebugSession } from './datapath-session';
import { nodeTraceSource } from './node-trace-source';

class StdioDatapathSession extends DatapathDebugSession {
  constructor() {
    super(nodeTraceSource);
  }
}

DebugSession.run(StdioDatapathSession);

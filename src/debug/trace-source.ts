/** Where a debug session's trace comes from: anchored in `root` (the checkout) when it has one. */
import type { Trace } from '../core';
import type { DatapathLaunchArgs } from './launch-config';

export interface TraceSource {
  trace(args: DatapathLaunchArgs): Promise<{ trace: Trace; root?: string }>;
}

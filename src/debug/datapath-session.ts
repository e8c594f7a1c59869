/**
 * The `cilium-datapath` debug adapter: a trace, anchored in the user's checkout, walked like a program.
 * Each step is a stop on its line; the call stack is the chain of programs (a tail call pushes a
 * frame); each node is a thread; Variables show headers, skb metadata, lookups and verdicts so far.
 * Runs inline in the extension (DebugAdapterInlineImplementation) and standalone over stdio
 * (`node dist/debug-adapter.js`).
 */
import { basename, join, normalize, resolve } from 'node:path';
import {
  Breakpoint,
  DebugSession,
  InitializedEvent,
  Scope,
  Source,
  StackFrame,
  StoppedEvent,
  TerminatedEvent,
  Thread,
} from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parseCiliumVersion, type Trace } from '../core';
import { compileCondition, ConditionError } from '../core/debug/condition';
import { buildStops, nextStop, stepInStop, stepOutStop, type Stop } from '../core/debug/stops';
import { scopesAt, type Variable } from '../core/debug/variables';
import { parseLaunchArgs, type DatapathLaunchArgs } from './launch-config';
import type { TraceSource } from './trace-source';

interface LineBreakpoint {
  line: number;
  condition?: (stop: Stop) => boolean;
}

export class DatapathDebugSession extends DebugSession {
  private stops: Stop[] = [];
  private current = -1;
  private root: string | undefined;
  private traced: Trace | undefined;
  private readonly breakpoints = new Map<string, LineBreakpoint[]>();
  private readonly variableHandles = new Map<number, Variable[]>();
  private configurationDone: () => void = () => undefined;
  private readonly configured = new Promise<void>((r) => (this.configurationDone = r));
  private threads: string[] = [];

  /** `source`: where traces come from (the checkout on disk standalone, the language server inline) */
  constructor(private readonly source: TraceSource) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      ...response.body,
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsTerminateRequest: true,
    };
    this.sendResponse(response);
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    this.configurationDone();
  }

  protected override launchRequest(
    response: DebugProtocol.LaunchResponse,
    raw: DebugProtocol.LaunchRequestArguments,
  ): void {
    void this.launch(response, raw);
  }

  private async launch(
    response: DebugProtocol.LaunchResponse,
    raw: DebugProtocol.LaunchRequestArguments,
  ): Promise<void> {
    let args: DatapathLaunchArgs;
    try {
      args = parseLaunchArgs(raw as Record<string, unknown>);
      const { trace: traced, root } = await this.source.trace(args);
      this.traced = traced;
      this.root = root;
    } catch (e) {
      this.sendErrorResponse(response, { id: 1, format: (e as Error).message, showUser: true });
      return;
    }
    this.stops = buildStops(this.traced);
    this.threads = [...new Set(this.stops.map((s) => s.node))];
    // configuration requests (breakpoints) are welcome once the trace and its anchors are known
    this.sendEvent(new InitializedEvent());
    await Promise.race([this.configured, new Promise((r) => setTimeout(r, 2000))]);
    this.sendResponse(response);
    if (args.stopOnEntry) this.stopAt(0, 'entry');
    else this.runFrom(0);
  }

  private pathOf(file: string): string | undefined {
    return this.root ? normalize(join(this.root, file)) : undefined;
  }

  private threadOf(stop: Stop): number {
    return this.threads.indexOf(stop.node) + 1;
  }

  private stopAt(index: number, reason: 'entry' | 'step' | 'breakpoint'): void {
    this.current = index;
    this.variableHandles.clear();
    this.sendEvent(new StoppedEvent(reason, this.threadOf(this.stops[index]!)));
  }

  private end(): void {
    this.current = this.stops.length;
    this.sendEvent(new TerminatedEvent());
  }

  private hits(stop: Stop): boolean {
    const source = stop.step?.source;
    if (!source) return false;
    const path = this.pathOf(source.file);
    const bps = path ? this.breakpoints.get(path) : undefined;
    return !!bps?.some((b) => b.line === source.line && (!b.condition || b.condition(stop)));
  }

  /** Continue: to the first stop at or after `from` with a breakpoint that holds, or the end. */
  private runFrom(from: number): void {
    for (let i = from; i < this.stops.length; i++)
      if (this.hits(this.stops[i]!)) {
        this.stopAt(i, 'breakpoint');
        return;
      }
    this.end();
  }

  private move(response: DebugProtocol.Response, to: number | undefined): void {
    this.sendResponse(response);
    if (to === undefined) this.end();
    else this.stopAt(to, 'step');
  }

  protected override setBreakPointsRequest(
    response: DebugProtocol.SetBreakpointsResponse,
    args: DebugProtocol.SetBreakpointsArguments,
  ): void {
    const path = args.source.path ? normalize(resolve(args.source.path)) : undefined;
    const wanted = args.breakpoints ?? [];
    const kept: LineBreakpoint[] = [];
    const out: DebugProtocol.Breakpoint[] = wanted.map((b) => {
      const line = this.convertClientLineToDebugger(b.line);
      let condition: LineBreakpoint['condition'];
      if (b.condition) {
        try {
          condition = compileCondition(b.condition);
        } catch (e) {
          const bp: DebugProtocol.Breakpoint = new Breakpoint(false, b.line);
          bp.message = e instanceof ConditionError ? `condition: ${e.message}` : String(e);
          return bp;
        }
      }
      kept.push({ line, ...(condition ? { condition } : {}) });
      const anchored = this.stops.some(
        (s) => s.step?.source && s.step.source.line === line && this.pathOf(s.step.source.file) === path,
      );
      const bp: DebugProtocol.Breakpoint = new Breakpoint(anchored, b.line);
      if (!anchored) bp.message = 'no step of this trace is anchored on this line';
      return bp;
    });
    if (path) this.breakpoints.set(path, kept);
    response.body = { breakpoints: out };
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.threads.map((n, i) => new Thread(i + 1, n)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(
    response: DebugProtocol.StackTraceResponse,
    args: DebugProtocol.StackTraceArguments,
  ): void {
    const stop = this.stops[this.current];
    if (!stop) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    let frames: StackFrame[];
    if (args.threadId !== this.threadOf(stop)) {
      // another node: a labelled boundary, the packet is not there now
      frames = [new StackFrame(1_000_000 + args.threadId, `(the packet is on ${stop.node})`)];
    } else {
      frames = stop.frames.map((f, i) => {
        const path = f.source ? this.pathOf(f.source.file) : undefined;
        const name = i === 0 && stop.step ? `${f.name} · ${stop.step.type}` : f.name;
        const frame = new StackFrame(
          stop.index * 100 + i,
          name,
          path && f.source ? new Source(basename(path), path) : undefined,
          f.source ? this.convertDebuggerLineToClient(f.source.line) : 0,
          1,
        );
        if (!path) frame.presentationHint = 'label';
        return frame;
      });
    }
    response.body = { stackFrames: frames, totalFrames: frames.length };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse): void {
    const scopes =
      this.current >= 0 && this.current < this.stops.length
        ? scopesAt(
            this.stops,
            this.current,
            this.traced?.disposition,
            this.traced ? parseCiliumVersion(this.traced.ciliumVersion) : undefined,
            this.traced?.config.encryption,
          )
        : [];
    response.body = {
      scopes: scopes.map((s) => new Scope(s.name, this.handle(s.variables), false)),
    };
    this.sendResponse(response);
  }

  private handle(vars: Variable[]): number {
    const id = this.variableHandles.size + 1;
    this.variableHandles.set(id, vars);
    return id;
  }

  protected override variablesRequest(
    response: DebugProtocol.VariablesResponse,
    args: DebugProtocol.VariablesArguments,
  ): void {
    const vars = this.variableHandles.get(args.variablesReference) ?? [];
    response.body = {
      variables: vars.map((v) => ({
        name: v.name,
        value: v.value,
        variablesReference: v.children?.length ? this.handle(v.children) : 0,
      })),
    };
    this.sendResponse(response);
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.move(response, nextStop(this.stops, this.current));
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.move(response, stepInStop(this.stops, this.current));
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.move(response, stepOutStop(this.stops, this.current));
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    this.runFrom(this.current + 1);
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.end();
  }
}

/** Trace Packet… (a three-step quick pick) and Simulate from Here (run by the CodeLens). */
import * as vscode from 'vscode';
import { DATAPATH_MODES, DatapathError, isHookName, MODES, type DatapathMode } from '../../core';
import type { SimulateFromHereArgs } from '../../protocol/lsp-protocol';
import { readConfig } from '../config';
import type { Engine } from '../engine';
import type { TracePanel } from '../webview/trace-panel';

type Pick<T> = vscode.QuickPickItem & { value: T };

/**
 * One QuickPick reused for the three steps (a new widget per step can receive the Enter that
 * accepted the previous step). Each ask() resolves on accept, Back, or hide.
 */
class StepPicker<T> implements vscode.Disposable {
  private readonly qp = vscode.window.createQuickPick<Pick<T>>();
  private pending: ((v: T | 'back' | undefined) => void) | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(totalSteps: number) {
    this.qp.totalSteps = totalSteps;
    this.qp.ignoreFocusOut = false;
    this.subs = [
      this.qp.onDidAccept(() => this.settle(this.qp.selectedItems[0]?.value)),
      this.qp.onDidTriggerButton(() => this.settle('back')),
      this.qp.onDidHide(() => this.settle(undefined)),
    ];
  }

  private settle(v: T | 'back' | undefined): void {
    const p = this.pending;
    this.pending = undefined;
    p?.(v);
  }

  ask(title: string, step: number, items: Array<Pick<T>>, active: T): Promise<T | 'back' | undefined> {
    this.qp.title = title;
    this.qp.step = step;
    this.qp.value = '';
    this.qp.buttons = step > 1 ? [vscode.QuickInputButtons.Back] : [];
    this.qp.items = items;
    this.qp.activeItems = items.filter((i) => i.value === active);
    this.qp.show();
    return new Promise((resolve) => (this.pending = resolve));
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.qp.dispose();
  }
}

export async function tracePacket(
  engine: Engine,
  panel: TracePanel,
  args?: { mode?: DatapathMode; from?: string; to?: string },
): Promise<void> {
  let mode = args?.mode ?? readConfig().mode;
  let from = args?.from ?? engine.lastPods.from;
  let to = args?.to ?? engine.lastPods.to;
  if (!args?.from || !args?.to) {
    const { pods } = await engine.pods();
    const podItems = (current: string, exclude?: string): Array<Pick<string>> =>
      pods
        .filter((p) => p.name !== exclude)
        .map((p) => ({
          label: p.name,
          description: `${p.node} · ${p.ip}${p.name === current ? ' (current)' : ''}`,
          value: p.name,
        }));
    const picker = new StepPicker<string>(3);
    let step = 1;
    try {
      while (step <= 3) {
        if (step === 1) {
          const r = await picker.ask(
            'Trace Packet: datapath mode',
            1,
            DATAPATH_MODES.map((m) => ({
              label: MODES[m].label,
              description: m === mode ? '(current)' : '',
              detail: MODES[m].summary,
              value: m,
            })),
            mode,
          );
          if (r === undefined || r === 'back') return;
          mode = r as DatapathMode;
        } else if (step === 2) {
          const r = await picker.ask('Trace Packet: source pod', 2, podItems(from), from);
          if (r === undefined) return;
          if (r === 'back') {
            step--;
            continue;
          }
          from = r;
        } else {
          const r = await picker.ask(
            'Trace Packet: destination pod',
            3,
            podItems(to === from ? '' : to, from),
            to,
          );
          if (r === undefined) return;
          if (r === 'back') {
            step--;
            continue;
          }
          to = r;
        }
        step++;
      }
    } finally {
      picker.dispose();
    }
  }
  await runTrace(engine, panel, { mode, from, to });
}

async function runTrace(
  engine: Engine,
  panel: TracePanel,
  req: Parameters<Engine['trace']>[0],
): Promise<void> {
  try {
    await panel.show(await engine.trace(req), req);
  } catch (e) {
    if (e instanceof DatapathError) {
      // the model refused the request (unknown pod, a mode the release does not have): the user's input
      void vscode.window.showWarningMessage(`Cilium Datapath: ${e.message}`);
      return;
    }
    const choice = await vscode.window.showErrorMessage(
      `Cilium Datapath: the trace failed: ${(e as Error).message}`,
      'Show Output',
    );
    if (choice === 'Show Output') await vscode.commands.executeCommand('ciliumDatapath.showOutput');
  }
}

export async function simulateFromHere(
  engine: Engine,
  panel: TracePanel,
  args: SimulateFromHereArgs | undefined,
): Promise<void> {
  if (!args || typeof args.hook !== 'string' || !isHookName(args.hook)) {
    void vscode.window.showErrorMessage(
      'Simulate from Here runs from a CodeLens above an entry program (e.g. __section("from-overlay")).',
    );
    return;
  }
  const mode = (DATAPATH_MODES as readonly string[]).includes(args.mode) ? args.mode : readConfig().mode;
  const startAt = args.hook === 'from-container' ? undefined : args.hook;
  await runTrace(engine, panel, {
    mode,
    from: engine.lastPods.from,
    to: engine.lastPods.to,
    ...(startAt ? { startAt } : {}),
  });
}

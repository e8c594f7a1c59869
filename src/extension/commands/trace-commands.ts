/** Trace Packet… (a three-step quick pick) and Simulate from Here (run by the CodeLens). */
import * as vscode from 'vscode';
import { DATAPATH_MODES, isHookName, MODES, type DatapathMode } from '../../core';
import type { SimulateFromHereArgs } from '../../protocol/lsp-protocol';
import { readConfig } from '../config';
import type { Engine } from '../engine';
import type { TracePanel } from '../webview/trace-panel';

type Pick<T> = vscode.QuickPickItem & { value: T };

async function pickOne<T>(
  title: string,
  step: number,
  items: Array<Pick<T>>,
  active: T,
): Promise<T | 'back' | undefined> {
  const qp = vscode.window.createQuickPick<Pick<T>>();
  qp.title = title;
  qp.step = step;
  qp.totalSteps = 3;
  qp.items = items;
  qp.activeItems = items.filter((i) => i.value === active);
  if (step > 1) qp.buttons = [vscode.QuickInputButtons.Back];
  return new Promise((resolve) => {
    const done = (v: T | 'back' | undefined): void => {
      resolve(v);
      qp.dispose();
    };
    qp.onDidAccept(() => done(qp.selectedItems[0]?.value));
    qp.onDidTriggerButton(() => done('back'));
    qp.onDidHide(() => done(undefined));
    qp.show();
  });
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
    let step = 1;
    while (step <= 3) {
      if (step === 1) {
        const r = await pickOne(
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
        mode = r;
      } else if (step === 2) {
        const r = await pickOne('Trace Packet: source pod', 2, podItems(from), from);
        if (r === undefined) return;
        if (r === 'back') {
          step--;
          continue;
        }
        from = r;
      } else {
        const r = await pickOne('Trace Packet: destination pod', 3, podItems(to, from), to);
        if (r === undefined) return;
        if (r === 'back') {
          step--;
          continue;
        }
        to = r;
      }
      step++;
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
    void vscode.window.showErrorMessage(`Cilium Datapath: ${(e as Error).message}`);
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

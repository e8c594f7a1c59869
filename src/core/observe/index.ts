/** Explaining what a cluster reports: `cilium monitor` and Hubble lines → source lines and traces. */
export * from './observation-types';
export {
  explainLine,
  explainParsed,
  parseObservationLine,
  observationLines,
  MAX_LINE_CHARS,
  type ExplainOptions,
  type ExplainResult,
} from './explain';
export { locateDrop, candidatePaths, type CheckoutView, type Location } from './locate';
export { parseMonitorLine, OBSERVATION_POINTS } from './monitor-line';
export { parseHubbleText } from './hubble-text';
export { parseHubbleJson, parseHubbleFlow, flowOf } from './hubble-json';
export { findSourceLocations, type SourceLocationMatch } from './source-links';
export { flowFileLines, flowRow, type FlowRowData } from './flow-file';

/** The pure core's public API: model, topology, tracer (and the source indexer, under indexer/). */
export * from './model/model-types';
export * from './model/versions';
export { MODES, modeSpec, mapNames } from './model/modes';
export { programFor, HOOK_NAMES, isHookName } from './model/programs';
export { resolveHook, identifyProgram, attachmentSummary, isDatapathMode } from './model/resolve-hook';
export * from './topology/topology-types';
export { DEFAULT_TOPOLOGY } from './topology/default-topology';
export {
  parseTopology,
  validateTopology,
  resolveTopology,
  listPods,
  checkTopologyForMode,
} from './topology/parse-topology';
export { routingTable, lookupRoute } from './topology/routes';
export * from './trace/trace-types';
export { trace, type TraceRequest } from './trace/tracer';
export * from './indexer/index-types';
export { DECLARING_NEEDLES, indexFile, mayDeclare, type IndexOptions } from './indexer/index-file';
export { editLeavesIndex, type InertEditQuery } from './indexer/index-inert-edit';
export { SourceIndex, siteKind, type Caller, type ResolvedTarget } from './indexer/source-index';
export { versionFromFile } from './indexer/version-file';
export { describeStep } from './trace/describe-step';
export {
  PRESETS,
  buildDefines,
  tunnelOf,
  type DatapathConfig,
  type PodLink,
  type Transport,
  type HostRouting,
} from './model/config';
export { configFor } from './trace/tracer';
export { NO_POLICIES, type PolicyOracle, type PolicyQuery, type PolicyAnswer } from './engine/interpret';
export { anchorTrace, type AnchoredTrace, type AnchorMiss, type AnchorOptions } from './anchor/anchor-trace';
export { FunctionLocator } from './anchor/function-sites';
export { translationDoc } from './model/table/translation-docs';

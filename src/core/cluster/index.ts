/** Importing a cluster snapshot (kubectl dumps, cilium-sysdump files) as a topology. */
export { importSnapshot, type InputFile, type SnapshotInput, type SnapshotResult } from './import-snapshot';
export { ClusterInputError, formatWarning, type ImportWarning } from './k8s-objects';
export { parseCiliumConfigData } from './cilium-config';
export { classifyInput, type InputRole } from './classify-input';
export { sysdumpRole, agentVersionOfDaemonSet, type SysdumpRole } from './sysdump-files';

/** Verifying `bpftool net show` against the model's attachments. */
export { parseBpftoolNet, BpftoolParseError, type NetAttachment, type NetListing } from './bpftool-net';
export {
  verifyAttachments,
  type AttachmentFinding,
  type FindingStatus,
  type ProgramRef,
  type VerifyResult,
} from './verify-attachments';

import { type FileIndex } from '../core';
export interface CheckoutFiles {
    /** the directory paths are relative to (the checkout root) */
    root: string;
    /** the bpf/ directory */
    bpfDir: string;
    files: string[];
    versionText?: string;
}
/** `dir` is a checkout root (with bpf/) or a bpf/ folder itself. Returns undefined when neither. */
export declare function findCheckout(dir: string): Promise<CheckoutFiles | undefined>;
export declare function relativePath(root: string, file: string): string;
/** Reads and indexes one file; over-large files are not read whole. */
export declare function indexDiskFile(root: string, file: string): Promise<FileIndex>;
/** Invalid UTF-8 becomes U+FFFD (never throws); NUL bytes survive so the indexer can call it binary. */
export declare function decodeUtf8(buffer: Uint8Array): string;

"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.findCheckout = findCheckout;
exports.relativePath = relativePath;
exports.indexDiskFile = indexDiskFile;
exports.decodeUtf8 = decodeUtf8;
/** Finds and reads a checkout's BPF sources from disk (used by the server and the CLI). */
const node_fs_1 = require("node:fs");
const node_path_1 = require("node:path");
const core_1 = require("../core");
async function isDir(path) {
    try {
        return (await node_fs_1.promises.stat(path)).isDirectory();
    }
    catch {
        return false;
    }
}
/** `dir` is a checkout root (with bpf/) or a bpf/ folder itself. Returns undefined when neither. */
async function findCheckout(dir) {
    let root = dir;
    let bpfDir = (0, node_path_1.join)(dir, 'bpf');
    if (!(await isDir(bpfDir))) {
        if (!(await isDir(dir)))
            return undefined;
        const entries = await node_fs_1.promises.readdir(dir);
        if (!entries.some((e) => /^bpf_\w+\.c$/.test(e)))
            return undefined;
        bpfDir = dir;
        root = (0, node_path_1.join)(dir, '..');
    }
    const files = [];
    const walk = async (d, depth) => {
        if (depth > 8)
            return;
        for (const entry of await node_fs_1.promises.readdir(d, { withFileTypes: true })) {
            const full = (0, node_path_1.join)(d, entry.name);
            if (entry.isDirectory()) {
                if (!entry.name.startsWith('.') && entry.name !== 'node_modules')
                    await walk(full, depth + 1);
            }
            else if (entry.isFile() && /\.(c|h)$/.test(entry.name))
                files.push(full);
        }
    };
    await walk(bpfDir, 0);
    files.sort();
    let versionText;
    try {
        versionText = await node_fs_1.promises.readFile((0, node_path_1.join)(root, 'VERSION'), 'utf8');
    }
    catch {
        versionText = undefined;
    }
    return { root, bpfDir, files, ...(versionText !== undefined ? { versionText } : {}) };
}
function relativePath(root, file) {
    return (0, node_path_1.relative)(root, file).split(node_path_1.sep).join('/');
}
/** Reads and indexes one file; over-large files are not read whole. */
async function indexDiskFile(root, file) {
    const path = relativePath(root, file);
    try {
        const stat = await node_fs_1.promises.stat(file);
        if (stat.size > core_1.MAX_INDEXED_BYTES) {
            return { path, declarations: [], sites: [], defines: [], includes: [], functions: [], bytes: stat.size, error: `skipped: ${(stat.size / 1048576).toFixed(1)} MB is over the ${core_1.MAX_INDEXED_BYTES / 1048576} MB limit for indexed files` };
        }
        const buffer = await node_fs_1.promises.readFile(file);
        return (0, core_1.indexFile)(path, decodeUtf8(buffer));
    }
    catch (e) {
        return { path, declarations: [], sites: [], defines: [], includes: [], functions: [], bytes: 0, error: `unreadable: ${e.message}` };
    }
}
/** Invalid UTF-8 becomes U+FFFD (never throws); NUL bytes survive so the indexer can call it binary. */
function decodeUtf8(buffer) {
    return new TextDecoder('utf-8', { fatal: false }).decode(buffer);
}
//# sourceMappingURL=read-checkout.js.map
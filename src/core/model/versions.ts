import { DatapathError } from './model-types';

/** A Cilium release line. `main` sorts after every numbered release. */
export interface CiliumVersion {
  major: number;
  minor: number;
  /** canonical text: "v1.10" or "main" */
  label: string;
}

/** The era the two source documents describe (IPVLAN present, section names, bpf_host.c, cilium_call_policy). */
export const DEFAULT_CILIUM_VERSION = 'v1.10';

const FIRST_MINOR = 4;
const LAST_MINOR = 19;
const MAIN_MINOR = 99;

export function listKnownVersions(): string[] {
  const out: string[] = [];
  for (let minor = FIRST_MINOR; minor <= LAST_MINOR; minor++) out.push(`v1.${minor}`);
  out.push('main');
  return out;
}

/**
 * Accepts "v1.10", "1.10", "1.10.3", "v1.12.0-rc1", "1.19.0-dev" (a VERSION file) and "main".
 * Throws a DatapathError naming the valid range otherwise.
 */
export function parseCiliumVersion(text: string): CiliumVersion {
  const trimmed = text.trim();
  if (trimmed === 'main' || trimmed === 'latest') return { major: 1, minor: MAIN_MINOR, label: 'main' };
  const match = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+][0-9A-Za-z.-]*)?$/.exec(trimmed);
  const major = match ? Number(match[1]) : NaN;
  const minor = match ? Number(match[2]) : NaN;
  if (major !== 1 || !(minor >= FIRST_MINOR)) {
    throw new DatapathError(
      `Unknown Cilium version "${text}": use v1.${FIRST_MINOR} … v1.${LAST_MINOR} or "main" (a VERSION file such as 1.10.3 also works).`,
      'unknown-version',
    );
  }
  if (minor > LAST_MINOR) return { major: 1, minor: MAIN_MINOR, label: 'main' };
  return { major, minor, label: `v1.${minor}` };
}

export function versionOrDefault(text: string | undefined): CiliumVersion {
  return parseCiliumVersion(
    text === undefined || text === '' || text === 'auto' ? DEFAULT_CILIUM_VERSION : text,
  );
}

/** Inclusive minor-version range; `to` omitted = still true on main. */
export interface VersionRange {
  from: number;
  to?: number;
}

export function inRange(version: CiliumVersion, range: VersionRange): boolean {
  return version.minor >= range.from && version.minor <= (range.to ?? Number.POSITIVE_INFINITY);
}

/** Picks the row of a version table whose range contains the version. */
export function pick<T extends { since: number }>(rows: readonly T[], version: CiliumVersion): T | undefined {
  let found: T | undefined;
  for (const row of rows) if (row.since <= version.minor) found = row;
  return found;
}

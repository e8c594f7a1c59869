/** Reads a checkout's VERSION file ("1.10.3", "1.19.0-dev"). */
import { parseCiliumVersion, type CiliumVersion } from '../model/versions';

export function versionFromFile(text: string | undefined): CiliumVersion | undefined {
  if (!text) return undefined;
  const first = text.split(/\r?\n/)[0]?.trim() ?? '';
  try {
    return parseCiliumVersion(first);
  } catch {
    return undefined;
  }
}

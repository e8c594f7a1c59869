/**
 * The webview's HTML. No `vscode` import: tests build the same page in Chromium.
 * CSP: nothing by default; scripts only with the per-render nonce; styles from the bundle (and the
 * nonce'd codicon link); fonts from the bundle. @vscode-elements/elements styles its components with
 * constructable stylesheets (adoptedStyleSheets), which style-src does not block.
 */
export interface WebviewHtmlInput {
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
  /** the accessible name of the page's main region (default "Packet trace") */
  label?: string;
  /** which page the bundle renders (default the trace panel) */
  page?: 'trace' | 'flows';
}

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildWebviewHtml(i: WebviewHtmlInput): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escape(contentSecurityPolicy(i.cspSource, i.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escape(i.codiconUri)}" id="vscode-codicon-stylesheet" nonce="${escape(i.nonce)}">
<link rel="stylesheet" href="${escape(i.styleUri)}" nonce="${escape(i.nonce)}">
<title>${escape(i.title)}</title>
</head>
<body data-page="${i.page ?? 'trace'}">
<main id="app" aria-label="${escape(i.label ?? 'Packet trace')}"></main>
<script nonce="${escape(i.nonce)}" src="${escape(i.scriptUri)}"></script>
</body>
</html>`;
}

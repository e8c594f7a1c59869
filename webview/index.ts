/**
 * The one webview bundle: the trace panel, or the Hubble flow table when the page says so
 * (`<body data-page="flows">`). One bundle keeps a single copy of @vscode-elements/elements.
 */
if (document.body.dataset['page'] === 'flows') void import('./flows');
else void import('./main');

// replaced by the webview work

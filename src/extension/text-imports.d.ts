// The sample checkout's files are bundled as text by esbuild (loader "text").
declare module '*.c' {
  const text: string;
  export default text;
}
declare module '*.h' {
  const text: string;
  export default text;
}
declare module '*.md' {
  const text: string;
  export default text;
}

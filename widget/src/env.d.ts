// Vite's ?inline imports: the file's text.
declare module '*.css?inline' {
  const text: string;
  export default text;
}

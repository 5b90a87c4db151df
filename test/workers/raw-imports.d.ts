// Vite's ?raw imports (used to compare site/public/_headers with the Worker's headers).
declare module '*?raw' {
  const content: string;
  export default content;
}

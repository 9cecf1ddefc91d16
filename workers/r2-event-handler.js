// The PRD's name for the Worker; the code lives in src/ (src/index.js is wrangler's main).
export { default } from "./src/index.js";

/**
 * The HTML writer's entry, for loading it when the first page is due
 * (render/index.ts imports it dynamically): the page's structure and its bytes.
 */
export { buildHtmlPage } from './build.js';
export { packHtml } from './pack.js';

import { REDOC_PATH } from "../static/manifest";

/**
 * The API reference: a tiny shell around Redoc's standalone build, served beside the
 * function from the static manifest (no CDN, so it works offline under `npm start`).
 * Redoc renders every operation with its parameters, request and response schemas per
 * media type, and has a search box; it reads /openapi.json, the generated document.
 * Why Redoc: one self-contained file, a third the size of Scalar's standalone build (which
 * also reaches for web fonts and a proxy by default); RapiDoc is smaller but no longer released.
 */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rebound API reference</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>body{margin:0}</style></head><body>
<redoc spec-url="/openapi.json" expand-responses="200,201" hide-hostname="true" sort-props-alphabetically="false"></redoc>
<script src="${REDOC_PATH}"></script>
</body></html>`;

/**
 * The page may load only from this origin: Redoc's sidebar footer would fetch its logo from
 * a CDN (cdn.redoc.ly) and nothing else on the page needs the outside. styled-components
 * injects style elements; the search index runs in a worker made from a blob.
 */
export const docsPageCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "frame-ancestors 'none'",
].join("; ");

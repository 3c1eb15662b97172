/**
 * Static files the API serves (the docs page's renderer, the dashboard): one list, read by
 * the server at run time and by infra, which copies each file beside the API Lambda under
 * the same relative path (`copyFiles`). The files stay out of the JavaScript bundle, so the
 * bundle budget only counts code.
 *
 * `source` is relative to the repository root locally and to the function's root in Lambda.
 * Vendor files come straight from node_modules at a pinned version (package-lock.json): no CDN,
 * no build step, nothing generated committed.
 */
export interface StaticAsset {
  /** URL path the asset is served at. */
  path: string;
  /** File, relative to the repository root (and to LAMBDA_TASK_ROOT once deployed). */
  source: string;
  contentType: string;
}

/** The API reference renderer /docs loads: Redoc's one-file standalone build (see openapi/docs-page.ts). */
export const REDOC_PATH = "/docs/redoc.standalone.js";

const DASHBOARD = "packages/functions/src/api/static/dashboard";
const js = "text/javascript; charset=utf-8";

export const staticAssets: StaticAsset[] = [
  {
    path: REDOC_PATH,
    source: "node_modules/redoc/bundles/redoc.standalone.js",
    contentType: "text/javascript; charset=utf-8",
  },
  // The dashboard (issue 14): plain files, ES modules, no build step.
  { path: "/dashboard", source: `${DASHBOARD}/index.html`, contentType: "text/html; charset=utf-8" },
  {
    path: "/dashboard/dashboard.css",
    source: `${DASHBOARD}/dashboard.css`,
    contentType: "text/css; charset=utf-8",
  },
  { path: "/dashboard/dashboard.js", source: `${DASHBOARD}/dashboard.js`, contentType: js },
  { path: "/dashboard/render.js", source: `${DASHBOARD}/render.js`, contentType: js },
  { path: "/dashboard/format.js", source: `${DASHBOARD}/format.js`, contentType: js },
  // Chart.js's UMD build (window.Chart), straight from node_modules at the locked version.
  {
    path: "/dashboard/vendor/chart.umd.min.js",
    source: "node_modules/chart.js/dist/chart.umd.min.js",
    contentType: js,
  },
];

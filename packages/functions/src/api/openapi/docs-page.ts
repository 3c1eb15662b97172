/**
 * A self-contained API reference page: no CDN, so it works offline under `npm start`.
 * It renders /openapi.json: every operation with its scopes, parameters, body and responses.
 */
export const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rebound API</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{margin-bottom:0}.op{border:1px solid #d0d7de;border-radius:6px;margin:.6rem 0}
summary{cursor:pointer;padding:.5rem .8rem;display:flex;gap:.8rem;align-items:baseline}
.m{font:600 12px monospace;text-transform:uppercase;padding:2px 6px;border-radius:4px;color:#fff;min-width:3.5rem;text-align:center}
.get{background:#0969da}.post{background:#1a7f37}.patch{background:#9a6700}.put{background:#8250df}.delete{background:#cf222e}
code,pre{font:13px ui-monospace,monospace}pre{background:#f6f8fa;padding:.6rem;overflow:auto;border-radius:4px}
.body{padding:0 .8rem .8rem}.scopes{color:#57606a;font-size:13px}
</style></head><body>
<h1>Rebound API</h1><p id="intro">Loading <a href="/openapi.json">/openapi.json</a>…</p><div id="ops"></div>
<script>
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({"&":"&amp;","<":"&lt;",">":"&gt;",'"':"&quot;"}[c]));
fetch("/openapi.json").then((r) => r.json()).then((doc) => {
  document.getElementById("intro").innerHTML = esc(doc.info.description || "") + ' <a href="/openapi.json">OpenAPI 3.1 document</a>';
  const out = [];
  for (const [path, ops] of Object.entries(doc.paths)) for (const [method, op] of Object.entries(ops)) {
    const params = (op.parameters || []).map((p) => "<li><code>" + esc(p.name) + "</code> (" + p.in + (p.required ? ", required" : "") + ")" + (p.description ? " — " + esc(p.description) : "") + "</li>").join("");
    const body = op.requestBody ? "<h4>Body</h4><pre>" + esc(JSON.stringify(Object.values(op.requestBody.content)[0].schema, null, 2)) + "</pre>" : "";
    const responses = Object.entries(op.responses).map(([s, r]) => "<li><b>" + s + "</b> " + esc(r.description) + "</li>").join("");
    out.push('<details class="op"><summary><span class="m ' + method + '">' + method + "</span><code>" + esc(path) + "</code><span>" + esc(op.summary) + "</span></summary>" +
      '<div class="body"><p>' + esc(op.description || "") + '</p><p class="scopes">' + (op["x-scopes"] ? "Scopes: " + op["x-scopes"].join(", ") : "Public") + "</p>" +
      (params ? "<h4>Parameters</h4><ul>" + params + "</ul>" : "") + body + "<h4>Responses</h4><ul>" + responses + "</ul></div></details>");
  }
  document.getElementById("ops").innerHTML = out.join("");
});
</script></body></html>`;

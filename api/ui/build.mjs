// Type-checks the UI and bundles it into dist/: index.html plus content-hashed assets (app-<hash>.js, app-<hash>.css).
// Run by the BundleUi target of api/Verwalter.Api.csproj (npm ci, then node build.mjs).
import * as esbuild from "esbuild";
import { mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join } from "node:path";
import { execFileSync } from "node:child_process";

// Type-check first (esbuild only strips types): a type error fails the build.
execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."], { stdio: "inherit" });

const out = "dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const result = await esbuild.build({
  entryPoints: { app: "src/main.tsx" },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2022",
  jsx: "automatic",
  jsxImportSource: "preact",
  entryNames: "[ext]/[name]-[hash]",
  outdir: out,
  metafile: true,
  logLevel: "warning",
  legalComments: "none",
});
const files = Object.keys(result.metafile.outputs).map((p) => p.replace(/^dist\//, ""));
const js = files.find((f) => f.endsWith(".js"));
const css = files.find((f) => f.endsWith(".css"));
if (!js || !css) {
  throw new Error("esbuild wrote no app js/css: " + files.join(", "));
}
const html = readFileSync("src/index.html", "utf8")
  .replace("{{css}}", "/common/" + css)
  .replace("{{js}}", "/common/" + js);
writeFileSync(join(out, "index.html"), html);
let gz = 0;
for (const f of [js, css, "index.html"]) {
  gz += gzipSync(readFileSync(join(out, f)), { level: 9 }).length;
}
console.log(`verwalter ui: ${files.join(", ")} (${(gz / 1024).toFixed(1)} kB gzipped with index.html)`);

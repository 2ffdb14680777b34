// Bundles the browser app into dist/: the page, its hashed script and style, the service worker with the list of
// files it keeps for offline use, the web app manifest and icon. Run by the Web project's build (Web.csproj).
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const out = new URL('./dist/', import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });

// ES2020: Chromium 80 and later, the oldest Android WebView still found on field phones that can install the app.
const target = ['es2020'];

const app = await build({
  entryPoints: { app: 'src/main.tsx' },
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target,
  jsx: 'automatic',
  jsxImportSource: 'preact',
  entryNames: '[name]-[hash]',
  outdir: join(out, 'assets'),
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const outputs = Object.keys(app.metafile.outputs).map((file) => '/assets/' + basename(file));
const script = outputs.find((f) => f.endsWith('.js'));
const style = outputs.find((f) => f.endsWith('.css'));

cpSync('public', out, { recursive: true });
const page = readFileSync('public/index.html', 'utf8').replace('%SCRIPT%', script).replace('%STYLE%', style);
writeFileSync(join(out, 'index.html'), page);

// Everything the app needs with no connection, each with a revision so a changed file replaces its old copy.
const files = ['/index.html', '/manifest.webmanifest', '/icon.svg', script, style];
const precache = files.map((url) => ({
  url,
  revision: url.startsWith('/assets/') ? null : createHash('sha256').update(readFileSync(join(out, url))).digest('hex').slice(0, 16),
}));

await build({
  entryPoints: ['src/sw.ts'],
  bundle: true,
  minify: true,
  format: 'iife',
  target,
  outfile: join(out, 'sw.js'),
  define: { 'self.__WB_MANIFEST': JSON.stringify(precache), 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
});
writeFileSync(join(out, 'precache.json'), JSON.stringify(precache, null, 2));
console.log(`web app built: ${files.length} files kept for offline use`);

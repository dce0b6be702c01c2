// Where a brand hosts dist/: `LOTBOOK_ORIGIN=https://lots.example.com npm run build` moves every URL of the
// manifest (icons, pages, support, learn-more, functions, shortcuts, app domains) from the dev server to that
// origin. Kept out of webpack.config.js so that test/manifest.test.ts checks the very rewrite the build does.
'use strict';

const DEV_ORIGIN = 'https://localhost:3000';

/**
 * The base URL to build for: the dev origin without LOTBOOK_ORIGIN. A path is allowed (static hosts often serve
 * from a folder, https://brand.github.io/lotbook); it must be https (Office loads add-ins over https only) with
 * no query or fragment. Anything else stops the build with the reason, rather than shipping a manifest that
 * Excel refuses at install time.
 */
function brandBase(value) {
  if (value === undefined || value.trim() === '') return DEV_ORIGIN;
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    throw new Error(`LOTBOOK_ORIGIN "${value}" is not a URL; write it as https://lots.example.com`);
  }
  if (url.protocol !== 'https:') throw new Error(`LOTBOOK_ORIGIN "${value}" must start with https:// (Office loads add-ins over https only)`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`LOTBOOK_ORIGIN "${value}" must be a plain address, without ?query, #fragment or user name`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The manifest (or any text) with every dev-server URL moved under `base`; app domains get the bare origin. */
function rewriteOrigin(text, base) {
  if (base === DEV_ORIGIN) return text;
  const origin = new URL(base).origin;
  return text
    // The opening comment explains the dev origin; the copy for a brand says where it is served from instead.
    .replace(/<!-- Lotbook add-in-only manifest\.[\s\S]*?-->/, `<!-- Lotbook add-in-only manifest, built for ${base} (LOTBOOK_ORIGIN). -->`)
    .replace(/(<AppDomain>)https:\/\/localhost:3000\/?(<\/AppDomain>)/g, `$1${origin}$2`)
    .replace(/https:\/\/localhost:3000/g, base);
}

module.exports = { DEV_ORIGIN, brandBase, rewriteOrigin };

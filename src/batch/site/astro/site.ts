// Written by wpconvert for its Astro preset: where each converted post and page is, and the
// redirects from the addresses they had on WordPress.
import { getCollection } from 'astro:content';

export const SITE = __SITE__;

/** The folders of src/content, one collection each: posts in `blog`, pages in `pages`. */
export const COLLECTIONS: string[] = __COLLECTIONS__;

/** The endings of old addresses that name a file (`/2010/05/hello.html`). */
const EXTENSIONS: string[] = __EXTENSIONS__;

const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

/** The address of a path inside the site (`blog/hello/` → `/blog/hello/`, under `base`). */
export function url(path: string): string {
  return `${BASE}/${path}`;
}

/** An entry's path: pages at `ID/`, posts at `blog/ID/`, other types at `TYPE/ID/`. */
function pathOf(collection: string, id: string): string {
  return collection === 'pages' ? `${id}/` : `${collection}/${id}/`;
}

/** Every entry that is not a draft, with its path. */
export async function published() {
  const all = [];
  for (const name of COLLECTIONS) {
    for (const entry of await getCollection(name as any, ({ data }: any) => !data.draft)) {
      // A child page is under its parents (`about/team/`), as on the old site.
      const path = entry.data.path ? `${entry.data.path.replace(/^\/+/, '')}` : pathOf(name, entry.id);
      all.push({ entry, path });
    }
  }
  return all;
}

/** The file ending of an old address that names a file, if it has one. */
export function extensionOf(path: string): string | undefined {
  const last = path.split('/').pop() ?? '';
  const ending = last.includes('.') ? last.split('.').pop() : undefined;
  return ending !== undefined && EXTENSIONS.includes(ending) ? ending : undefined;
}

/** Each published entry's old address (without the leading `/`) and where it leads now;
 *  an old address that is another entry's address, or an earlier redirect's, is left out. */
export async function redirects() {
  const items = await published();
  const key = (path: string) => path.replace(/^\/+|\/+$/g, '').toLowerCase();
  const taken = new Set(items.map(({ path }) => key(path)));
  const moved = [];
  for (const { entry, path } of items) {
    const data = entry.data as any;
    // Its old address, then those under earlier slugs.
    for (const old of [data.oldPath, ...(data.earlierPaths ?? [])] as (string | undefined)[]) {
      if (!old || taken.has(key(old))) continue;
      taken.add(key(old));
      // Encoded: the address also goes in an HTTP header, which holds only ASCII.
      moved.push({ from: old.replace(/^\/+|\/+$/g, ''), to: encodeURI(url(path)) });
    }
  }
  return moved;
}

/** A page that sends the reader (and search engines) to `to`. */
export function redirectPage(to: string): string {
  const href = to.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><title>Redirecting to: ${href}</title><meta http-equiv="refresh" content="0;url=${href}"><meta name="robots" content="noindex"><link rel="canonical" href="${href}"><a href="${href}">${href}</a>`;
}

/** A term's path segment: lower case, letters and digits of any script joined by `-`. */
export function termSlug(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** One page per term of `field` (`tags`, `categories`) listing its entries. */
export async function termPages(field: 'tags' | 'categories') {
  const terms = new Map();
  for (const item of await published()) {
    for (const name of ((item.entry.data as any)[field] ?? []) as string[]) {
      const term = termSlug(name);
      if (!term) continue;
      if (!terms.has(term)) terms.set(term, { name, names: new Set(), items: [] });
      const page = terms.get(term);
      // Names that differ only in case or punctuation (`C++`, `c`) share a page.
      page.names.add(name);
      if (!page.items.includes(item)) page.items.push(item);
    }
  }
  return [...terms].map(([term, props]) => ({ params: { term }, props }));
}

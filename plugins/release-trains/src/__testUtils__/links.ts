/** A link's path and search parameters, for comparing hrefs. */
export function linkOf(link: HTMLElement) {
  const url = new URL(link.getAttribute('href')!, 'http://localhost');
  return {
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
  };
}

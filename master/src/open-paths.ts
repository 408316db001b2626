/**
 * The paths anyone may reach without an API key and without being rate limited: probes, metrics,
 * the API description and its docs, and the playground's static files (spec: issue 16).
 */
export function isOpenPath(path: string): boolean {
  return (
    path === '/' ||
    path === '/health' ||
    path === '/metrics' ||
    path === '/openapi.json' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/playground/')
  );
}

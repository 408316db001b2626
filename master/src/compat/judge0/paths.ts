/** Where the Judge0 API is served: everything under /judge0, the non-clashing routes at the root too. */
export const JUDGE0_PREFIX = '/judge0';

/** The paths of the Judge0 API (its error shapes and X-Auth-Token apply there). */
export function isJudge0Path(path: string): boolean {
  return path === JUDGE0_PREFIX || path.startsWith(`${JUDGE0_PREFIX}/`) || path === '/submissions' || path.startsWith('/submissions/') || path === '/statuses';
}

/** The paths that count as submissions in the rate limit (a batch counting its items). */
export function isJudge0SubmitPath(path: string): boolean {
  return /^(\/judge0)?\/submissions(\/batch)?$/.test(path);
}

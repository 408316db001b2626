/** Where the master records which language a job id belongs to (any replica can then find it). */
export function jobLanguageKey(jobId: string): string {
  return `sentinel:job:${jobId}:language`;
}

/** Where the master records the id of the API key that submitted a job (never the key itself). */
export function jobOwnerKey(jobId: string): string {
  return `sentinel:job:${jobId}:owner`;
}

/** Where the master records which language a job id belongs to (any replica can then find it). */
export function jobLanguageKey(jobId: string): string {
  return `sentinel:job:${jobId}:language`;
}

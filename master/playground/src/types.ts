/** The API shapes the page reads (README "API"); only the fields it shows. */

export interface Language {
  id: string;
  displayName: string;
  version: string;
  aliases: string[];
  compiled: boolean;
}

export interface TestCase {
  input: string;
  expected: string;
  points?: number;
  group?: string;
}

/** A checker program or interactor of the job's own. */
export interface JudgingProgram {
  language: string;
  code: string;
}

export interface ExecuteRequest {
  code: string;
  language: string;
  testCases?: TestCase[];
  stdin?: string;
  checker?: JudgingProgram & { type: 'program' };
  interactor?: JudgingProgram;
}

export interface TestCaseResult {
  name?: string;
  hidden?: boolean;
  input?: string;
  expected?: string;
  actualOutput?: string;
  stderr?: string;
  passed: boolean;
  verdict: string;
  executionTime: number;
  cpuTimeMs: number | null;
  memoryKb: number | null;
  exitCode: number | null;
  signal: string | null;
  points?: number;
  score?: number;
  group?: string;
  checkerMessage?: string;
}

export interface GroupResult {
  group: string;
  points: number;
  score: number;
  passed: boolean;
  tests: number[];
}

export interface JobView {
  id: string;
  status: 'queued' | 'active' | 'completed' | 'failed';
  language: string;
  progress?: number;
  output?: string;
  error?: string;
  verdict?: string;
  executionTime?: number;
  cpuTimeMs?: number | null;
  memoryKb?: number | null;
  exitCode?: number | null;
  passed?: number;
  total?: number;
  testCases?: TestCaseResult[];
  compile?: CompileResult;
  checkerCompile?: CompileResult;
  score?: number;
  maxScore?: number;
  groups?: GroupResult[];
}

export interface CompileResult {
  output: string;
  timeMs: number;
  success: boolean;
}

/** `event: progress` of GET /job/:id/events. */
export interface ProgressEvent {
  id: string;
  status: JobView['status'];
  progress: number;
  test?: TestCaseResult & { index: number };
}

/** Every error answer of the API. */
export interface ErrorBody {
  error: string;
  message: string;
  field?: string;
}

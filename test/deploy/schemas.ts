/**
 * Kubernetes objects against the Kubernetes and KEDA schemas, two ways.
 *
 * validateObject: the model class of kubernetes-models / @kubernetes-models/keda (generated from
 * the OpenAPI schemas), `new Model(obj).validate()`: wrong types, missing required fields, bad
 * enums. It lets unknown fields through (a misspelt `readOnlyRootFileSystem` is simply ignored by
 * it, and by the API server too unless it validates strictly), so:
 *
 * StrictChecker: every object is written out as a TypeScript object literal typed with the same
 * package's interface (IDeployment, IScaledObject...) and compiled: TypeScript's excess-property
 * check rejects any field the schema does not name, at every depth, and checks every type again.
 * The interfaces and the validators are generated from one schema, so the two agree. Free-form
 * maps (labels, ConfigMap data, a KEDA trigger's metadata) take any key: trigger metadata is checked
 * against the redis scaler's documented parameters instead.
 *
 * Versions: kubernetes-models 4.5.1 and @kubernetes-models/keda 0.4.2, which declare Node 14 and
 * later (5.1.0 / 2.0.0 declare Node 22; the project runs on 20). This KEDA schema predates
 * `advanced.scalingModifiers` (KEDA 2.12), the field the ScaledObjects rely on to add waiting and
 * running jobs: the strictness check takes it out and checks it against KEDA's documentation
 * instead (SCALING_MODIFIERS).
 */
import path from 'node:path';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: any;
  [field: string]: unknown;
}

export interface Located {
  file: string;
  object: K8sObject;
}

/** The objects of a YAML file, each with where it came from. */
export function objectsOf(file: string, content: string): Located[] {
  return parseAllDocuments(content).map((doc, index) => {
    if (doc.errors.length) throw new Error(`${file} document ${index + 1}: ${doc.errors[0]!.message}`);
    return { file, object: doc.toJS() as K8sObject };
  });
}

/** The module of kubernetes-models (or its KEDA package) that has the model of `apiVersion`/`kind`. */
export function modelModule(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === 'keda.sh') return `@kubernetes-models/keda/${group}/${version}/${kind}`;
  return group ? `kubernetes-models/${group}/${version}/${kind}` : `kubernetes-models/${version}/${kind}`;
}

/** `new Model(object).validate()` with the object's own model; throws naming the object. */
export async function validateObject({ file, object }: Located): Promise<void> {
  const module = (await import(modelModule(object.apiVersion, object.kind))) as Record<string, new (data: unknown) => { validate(): void }>;
  const Model = module[object.kind];
  if (!Model) throw new Error(`${file}: no model for ${object.apiVersion} ${object.kind}`);
  try {
    new Model(object).validate();
  } catch (error) {
    throw new Error(`${file} ${object.kind}/${object.metadata?.name}: ${(error as Error).message}`);
  }
}

/** Parameters of KEDA's redis (lists) scaler, from its documentation. */
export const REDIS_TRIGGER_METADATA = [
  'address', 'host', 'port', 'listName', 'listLength', 'activationListLength', 'databaseIndex',
  'enableTLS', 'unsafeSsl', 'usernameFromEnv', 'passwordFromEnv', 'addressFromEnv', 'hostFromEnv', 'portFromEnv',
];

/** `advanced.scalingModifiers` (KEDA 2.12+), from its documentation: what each field may hold. */
export const SCALING_MODIFIERS: Readonly<Record<string, (value: unknown) => boolean>> = {
  formula: (value) => typeof value === 'string' && value.length > 0,
  target: (value) => typeof value === 'string' && /^\d+(\.\d+)?$/.test(value),
  activationTarget: (value) => typeof value === 'string' && /^\d+(\.\d+)?$/.test(value),
  metricType: (value) => value === 'AverageValue' || value === 'Value',
};

/** Problems with a ScaledObject's scalingModifiers: unknown fields, wrong values, no formula. */
function scalingModifierProblems(where: string, modifiers: Record<string, unknown>): string[] {
  const problems = Object.entries(modifiers).flatMap(([key, value]) => {
    const valid = SCALING_MODIFIERS[key];
    if (!valid) return [`${where}: scalingModifiers "${key}" is not a field KEDA knows`];
    return valid(value) ? [] : [`${where}: scalingModifiers.${key} ${JSON.stringify(value)} is not valid`];
  });
  if (!('formula' in modifiers)) problems.push(`${where}: scalingModifiers has no formula`);
  return problems;
}

/** The object without its scalingModifiers (checked on their own), and their problems. */
function withoutScalingModifiers(where: string, object: K8sObject): { object: K8sObject; problems: string[] } {
  const modifiers = object.kind === 'ScaledObject' ? object.spec?.advanced?.scalingModifiers : undefined;
  if (modifiers === undefined) return { object, problems: [] };
  const { scalingModifiers, ...advanced } = object.spec.advanced as Record<string, unknown>;
  return { object: { ...object, spec: { ...object.spec, advanced } }, problems: scalingModifierProblems(where, scalingModifiers as Record<string, unknown>) };
}

const here = path.dirname(new URL(import.meta.url).pathname);

/** Compiles objects against the models' TypeScript interfaces; reuses what it parsed between calls. */
export class StrictChecker {
  private readonly files = new Map<string, ts.SourceFile>();
  private previous: ts.Program | undefined;
  private readonly options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  };

  /** One problem per line ("<file> <Kind>/<name>: <what>"); empty when every object is exact. */
  check(objects: readonly Located[]): string[] {
    const entry = path.join(here, `__strict_${process.pid}__.ts`);
    const lines: string[] = [];
    const spans: Array<{ start: number; end: number; where: string }> = [];
    let offset = 0;
    const push = (line: string) => {
      lines.push(line);
      offset += line.length + 1;
    };
    const modifierProblems: string[] = [];
    objects.forEach(({ file, object: full }, index) => {
      const where = `${file} ${full.kind}/${full.metadata?.name ?? '?'}`;
      const { object, problems } = withoutScalingModifiers(where, full);
      modifierProblems.push(...problems);
      push(`import type { I${object.kind} as T${index} } from ${JSON.stringify(modelModule(object.apiVersion, object.kind))};`);
      const start = offset;
      push(`export const o${index}: T${index} = ${JSON.stringify(object, null, 1)};`);
      spans.push({ start, end: offset, where });
    });
    const source = ts.createSourceFile(entry, `${lines.join('\n')}\n`, ts.ScriptTarget.ES2022, true);
    const host = ts.createCompilerHost(this.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, ...rest) => {
      if (name === entry) return source;
      let file = this.files.get(name);
      if (!file) {
        file = read(name, language, ...rest);
        if (file) this.files.set(name, file);
      }
      return file;
    };
    const exists = host.fileExists.bind(host);
    host.fileExists = (name) => name === entry || exists(name);
    const program = ts.createProgram({ rootNames: [entry], options: this.options, host, oldProgram: this.previous });
    this.previous = program;
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = spans.find((span) => diagnostic.start !== undefined && diagnostic.file === source && diagnostic.start >= span.start && diagnostic.start < span.end)?.where ?? diagnostic.file?.fileName ?? '?';
      const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.text.slice(diagnostic.file.text.lastIndexOf('\n', diagnostic.start) + 1, diagnostic.file.text.indexOf('\n', diagnostic.start)).trim() : '';
      return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}${line ? ` (at ${line})` : ''}`;
    });
    problems.push(...modifierProblems);
    for (const { file, object } of objects) {
      for (const trigger of (object.kind === 'ScaledObject' ? object.spec?.triggers ?? [] : []) as Array<{ type: string; metadata: Record<string, string> }>) {
        if (trigger.type !== 'redis') continue;
        for (const key of Object.keys(trigger.metadata)) {
          if (!REDIS_TRIGGER_METADATA.includes(key)) problems.push(`${file} ScaledObject/${object.metadata?.name}: redis trigger metadata "${key}" is not a parameter of KEDA's redis scaler`);
        }
      }
    }
    return problems;
  }
}

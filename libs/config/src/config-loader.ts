import { z } from 'zod';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`invalid configuration: ${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type DeepReadonly<T> = T extends ReadonlyMap<unknown, unknown> | Buffer | Date
  ? T
  : T extends (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

/**
 * The one config loader. The schema maps environment variable names to typed values;
 * the first problem found is reported with the variable's name, and the result is frozen.
 */
export function loadConfig<TSchema extends z.ZodObject>(
  schema: TSchema,
  env: NodeJS.ProcessEnv = process.env,
): DeepReadonly<z.infer<TSchema>> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = issue.path.length > 0 ? String(issue.path[0]) : '(environment)';
    const problem = issue.code === 'invalid_type' && env[variable] === undefined ? 'is required' : issue.message;
    throw new ConfigError(variable, problem);
  }
  return deepFreeze(result.data) as DeepReadonly<z.infer<TSchema>>;
}

/**
 * For main.ts: a bad config must stop boot with one line naming the variable, not a stack trace.
 */
export function loadConfigOrExit<TSchema extends z.ZodObject>(schema: TSchema, env: NodeJS.ProcessEnv = process.env) {
  try {
    return loadConfig(schema, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

function deepFreeze<T>(value: T): T {
  // Buffers cannot be frozen and maps are not walked: their holders treat them as read-only.
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !ArrayBuffer.isView(value) && !(value instanceof Map)) {
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
    Object.freeze(value);
  }
  return value;
}

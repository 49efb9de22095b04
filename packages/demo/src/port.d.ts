/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The port in the variable `name` of `env`, or `fallback` when it is unset or blank.
 *
 * @param env where to read it, usually `process.env`
 * @param name the variable, e.g. `"WEB_PORT"`
 * @param fallback the port when the variable is unset or blank
 * @throws Error naming the variable and its value when it is not a port number (1 to 65535)
 * @example
 * ```ts
 * const port = portFromEnv(process.env, "WEB_PORT", 3000);
 * ```
 */
export declare function portFromEnv(env: Env, name: string, fallback: number): number;

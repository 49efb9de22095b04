import { LogtoError } from "../errors.js";
import type { LogtoEnv } from "./types.js";

/** One problem with one environment variable. */
export interface LogtoConfigIssue {
  variable: keyof LogtoEnv;
  message: string;
}

/** Thrown by {@link loadLogtoConfig}; its message lists every variable that is missing or malformed. */
export class LogtoConfigError extends LogtoError {
  override name = "LogtoConfigError";
  constructor(
    readonly issues: LogtoConfigIssue[],
    message = `Invalid Logto configuration:\n${issues
      .map((issue) => `  - ${issue.variable}: ${issue.message}`)
      .join("\n")}`,
  ) {
    super("config.invalid", message);
  }
}

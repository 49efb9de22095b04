/** @type {typeof import("./port.js").portFromEnv} */
export const portFromEnv = (env, name, fallback) => {
  const value = env[name]?.trim() || String(fallback);
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535)
    throw new Error(`${name} must be a port number (1 to 65535), got "${value}"`);
  return port;
};

/** @type {typeof import("./wait.js").waitUntilAnswering} */
export const waitUntilAnswering = async (url, { timeoutMs, intervalMs = 250, signal }) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    // No shorter limit per request: the first request to the Next.js dev server waits for (and triggers) its compilation.
    const limits = [...(signal ? [signal] : []), ...(Number.isFinite(left) ? [AbortSignal.timeout(left)] : [])];
    try {
      // A plain request, not a page navigation: the apps do not start a silent sign-in for it.
      const response = await fetch(url, {
        headers: { accept: "*/*" },
        redirect: "manual",
        signal: AbortSignal.any(limits),
      });
      await response.body?.cancel();
      if (response.status < 500) return;
    } catch {
      // Not listening yet, or cut at the deadline or by `signal`: the checks above decide.
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, Math.max(0, deadline - Date.now()))));
  }
};

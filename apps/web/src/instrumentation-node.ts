// A wrong configuration or issuer stops `next start` with the message naming the variable, not each request.
await import("~/auth").catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

export {};

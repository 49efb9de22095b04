// Validates the configuration at start-up: a wrong one stops `next start` with the message that names the
// variable, instead of failing each request. Loading the integration also checks Logto's issuer.
try {
  await import("~/auth");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
export {};

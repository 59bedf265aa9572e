/** Jest global teardown: stops the Azurite that globalSetup started (if it started one). */
export default async function globalTeardown(): Promise<void> {
  const azurite = globalThis.__elspethAzurite;
  if (!azurite) return;
  globalThis.__elspethAzurite = undefined;
  await azurite.stop();
}

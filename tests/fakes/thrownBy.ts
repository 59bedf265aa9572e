/** What a function throws (fails the test if it returns), for `toMatchObject` on error codes. */
export function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

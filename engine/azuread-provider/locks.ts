// Per-application serialisation, as the real provider's `tf.LockByName(applicationResourceName, id)`:
// credential writes on one application (passwords, certificates) run one at a time, since a
// certificate is added by PATCHing the whole keyCredentials collection and two at once lose one.

const tails = new Map<string, Promise<unknown>>();

export function lockedBy<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const result = previous.then(run, run);
  const tail = result.catch(() => undefined);
  tails.set(key, tail);
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return result;
}

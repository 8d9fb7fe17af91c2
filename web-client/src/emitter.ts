/**
 * A tiny typed event emitter: modules announce what happened and the composition root
 * (room.ts) wires them together, so no module needs to know the others.
 */
export type EventMap = Record<string, unknown[]>;
type Listener<A extends unknown[]> = (...args: A) => void;

export class Emitter<E extends EventMap> {
  private readonly listeners = new Map<keyof E, Set<Listener<never[]>>>();

  on<K extends keyof E>(type: K, listener: Listener<E[K]>): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    const stored = listener as unknown as Listener<never[]>;
    set.add(stored);
    return () => set.delete(stored);
  }

  protected emit<K extends keyof E>(type: K, ...args: E[K]): void {
    for (const listener of this.listeners.get(type) ?? []) {
      try {
        (listener as unknown as Listener<E[K]>)(...args);
      } catch (err) {
        // One broken listener must not stop the others (or the socket handler that emitted).
        console.error(`peerhub: listener for ${String(type)} failed`, err);
      }
    }
  }
}

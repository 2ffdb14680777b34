// A value the screens redraw on: the smallest thing that does the job, instead of a state library.
type Listener = () => void;

export interface Signal<T> {
  get(): T;
  set(value: T): void;
  subscribe(listener: Listener): () => void;
}

export function signal<T>(initial: T): Signal<T> {
  let value = initial;
  const listeners = new Set<Listener>();
  return {
    get: () => value,
    set(next: T) {
      value = next;
      listeners.forEach((l) => l());
    },
    subscribe(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

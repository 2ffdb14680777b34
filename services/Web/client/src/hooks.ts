import { useEffect, useState } from 'preact/hooks';
import type { Signal } from './signal';

/** Redraws the component when the signal changes. */
export function useSignal<T>(source: Signal<T>): T {
  const [, redraw] = useState(0);
  useEffect(() => source.subscribe(() => redraw((n) => n + 1)), [source]);
  return source.get();
}

/** Loads once per key, with the loaded value, an error, and a way to load again. */
export function useLoad<T>(load: () => Promise<T>, key: unknown[]): { value?: T; error?: unknown; reload: () => void } {
  const [state, setState] = useState<{ value?: T; error?: unknown }>({});
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    load().then((value) => live && setState({ value }), (error) => live && setState({ error }));
    return () => {
      live = false;
    };
  }, [...key, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}

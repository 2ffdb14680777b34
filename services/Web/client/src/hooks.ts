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

/**
 * Loads now and again every few seconds while the page is in view, so figures move without a reload. The last value
 * stays on screen while the next one loads and when a round fails (then `stale` says so).
 */
export function useLive<T>(load: () => Promise<T>, key: unknown[], everyMs = 5000): { value?: T; error?: unknown; stale: boolean; at?: Date } {
  const [state, setState] = useState<{ value?: T; error?: unknown; at?: Date }>({});
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let loading = false;
    setState({});
    const round = async () => {
      if (document.visibilityState === 'visible') {
        loading = true;
        try {
          const value = await load();
          if (live) setState({ value, at: new Date() });
        } catch (error) {
          if (live) setState((previous) => ({ ...previous, error }));
        }
        loading = false;
      }
      if (live) timer = setTimeout(round, everyMs);
    };
    void round();
    const visible = () => {
      if (document.visibilityState !== 'visible' || !live || loading) return;
      clearTimeout(timer);
      void round();
    };
    document.addEventListener('visibilitychange', visible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', visible);
    };
  }, key);
  return { ...state, stale: state.error !== undefined };
}

/**
 * The store's React binding, and nothing else: the page's store comes in
 * through {@link StoreProvider} (`boot` makes it), and components select from
 * it narrowly with {@link useStore}.
 */
import { createContext, createElement, useContext, type ReactNode } from "react";
import { useStore as useZustandStore } from "zustand";
import type { PlaygroundState, PlaygroundStore } from "./store.ts";

const StoreContext = createContext<PlaygroundStore | null>(null);

/** Makes `store` the one the components below read. */
export function StoreProvider(props: { store: PlaygroundStore; children: ReactNode }) {
  return createElement(StoreContext, { value: props.store }, props.children);
}

/** The store itself, for reading outside render (event handlers, subscriptions). */
export function useStoreApi(): PlaygroundStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error("no StoreProvider above this component");
  return store;
}

/** Selects from the store; the component re-renders when the selected value changes. */
export function useStore<T>(selector: (state: PlaygroundState) => T): T {
  return useZustandStore(useStoreApi(), selector);
}

/** The whole snapshot: a stable selector for `useThrottledStore`, which redraws at most once per interval anyway. */
export const selectSnapshot = (state: PlaygroundState) => state.snapshot;

/**
 * The embed's line to its host page (SPEC §5b): listens for the host's
 * commands and tells it the state shown. Only messages from the parent
 * window are read, and only those `readHostMessage` accepts are obeyed;
 * the state goes to the parent at most once per animation frame, and only
 * when it differs from the last one sent.
 */
import {
  obeyHost,
  readHostMessage,
  sameState,
  stateMessage,
  type HostTarget,
  type PlaygroundStore,
  type StateMessage,
} from "../../store/index.ts";

/** What the bridge needs of the window it runs in. */
export interface HostWindow {
  /** The host page (the page itself when not framed). */
  readonly parent: Pick<Window, "postMessage">;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

/** Whether the page talks to a host: it is framed, or it is the embed. */
export function talksToHost(window: Pick<Window, "parent">, embedded: boolean): boolean {
  return embedded || window.parent !== window;
}

/**
 * Connects `store` to the host: obeys its commands through `target`, posts
 * each new state on the next `frame`. Returns a function that disconnects.
 */
export function connectHost(
  window: HostWindow,
  store: PlaygroundStore,
  target: Pick<HostTarget, "openScript">,
  frame: (callback: () => void) => void,
): () => void {
  const onMessage = (event: MessageEvent) => {
    if (event.source !== window.parent) return;
    const command = readHostMessage(event.data);
    if (command !== null) obeyHost({ getState: store.getState, ...target }, command);
  };
  window.addEventListener("message", onMessage);

  let last: StateMessage | null = null;
  let scheduled = false;
  let connected = true;
  const post = () => {
    scheduled = false;
    if (!connected) return;
    const message = stateMessage(store.getState().snapshot);
    if (last !== null && sameState(last, message)) return;
    last = message;
    // The host may be any origin; the state is what its own page shows.
    window.parent.postMessage(message, "*");
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (state.snapshot === previous.snapshot || scheduled) return;
    scheduled = true;
    frame(post);
  });
  return () => {
    connected = false;
    unsubscribe();
    window.removeEventListener("message", onMessage);
  };
}

import "@fontsource/inter/400.css";
import "@fontsource/inter/600.css";
import "@fontsource/jetbrains-mono/400.css";
import "./ui/styles.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { registerSW } from "virtual:pwa-register";
import { StoreProvider, boot, onceAtRest, openStorage } from "./store/index.ts";
import { App } from "./ui/app/App.tsx";
import { downloadBlob } from "./ui/common/download.ts";
import { EmbedApp } from "./ui/embed/EmbedApp.tsx";
import { connectHost, talksToHost } from "./ui/embed/hostBridge.ts";
import { DEFAULT_PRESET_ID, presetById } from "./ui/presets/presets.ts";

const storage = openStorage(() => window.localStorage);
const playground = boot(
  {
    hash: window.location.hash,
    storage,
    tabStorage: openStorage(() => window.sessionStorage),
    watchOtherTabs(listener) {
      const onStorage = (event: StorageEvent) => {
        if (event.storageArea === storage) listener(event.key, event.newValue);
      };
      window.addEventListener("storage", onStorage);
      return () => window.removeEventListener("storage", onStorage);
    },
    defaultSource: presetById(DEFAULT_PRESET_ID).source,
    prefersReducedMotion: window.matchMedia("(prefers-reduced-motion: reduce)").matches,
    pageUrl: () => window.location.href,
    forgetLink: () =>
      window.history.replaceState(null, "", window.location.pathname + window.location.search),
    frame: (callback) => requestAnimationFrame(callback),
    saveFile: downloadBlob,
  },
  () =>
    new Worker(new URL("./worker/pool.worker.ts", import.meta.url), {
      type: "module",
      name: "pool",
    }),
);
// A test or a user may open another link in the same tab: only the hash changes.
window.addEventListener("hashchange", () => playground.openShareLink(window.location.hash));
// A host page (SPEC §5b) drives a framed page or the embed through postMessage.
if (talksToHost(window, playground.embedded)) {
  connectHost(window, playground.store, playground, (callback) => requestAnimationFrame(callback));
}
// Offline: the service worker registers once the page has loaded (workbox-window waits for
// `load`) and is at rest: precaching the build takes a core, which a run at full speed needs
// (a link that runs at load ran a third slower beside it). A new build's worker takes over at
// once and the page reloads into it; the embed keeps what its host loaded and updates on its next load.
onceAtRest(playground.store, () =>
  registerSW({
    onNeedReload() {
      if (!playground.embedded) window.location.reload();
    },
  }),
);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={playground.store}>
      {playground.embedded ? <EmbedApp /> : <App />}
    </StoreProvider>
  </StrictMode>,
);

/**
 * Storage for Node tests: a Storage kept in a map, and the tabs of one
 * browser, which share a localStorage, each have a sessionStorage, and hear
 * of each other's writes to the shared one as a page hears `storage` events.
 */
import { STORAGE_KEY, type SaveArea, type Saved } from "../store/persistence.ts";

/** A Storage in a map; set `full` to make setItem throw as a full storage does. */
export class MemoryStorage implements SaveArea {
  full = false;
  private readonly items = new Map<string, string>();

  constructor(saved: Saved | null = null) {
    if (saved) this.items.set(STORAGE_KEY, JSON.stringify(saved));
  }

  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }

  setItem(key: string, value: string): void {
    if (this.full) throw new DOMException("the quota has been exceeded", "QuotaExceededError");
    this.items.set(key, value);
  }

  removeItem(key: string): void {
    this.items.delete(key);
  }

  /** What the playground saved here, or null. */
  saved(): Saved | null {
    return JSON.parse(this.items.get(STORAGE_KEY) ?? "null") as Saved | null;
  }
}

type StorageListener = (key: string | null, newValue: string | null) => void;

/** What one tab's page reads: the fields of `BootEnvironment` about storage. */
export interface FakeTab {
  /** This tab's sessionStorage; it outlives the tab's reloads. */
  readonly tabStorage: MemoryStorage;
  /** The browser's localStorage, as this tab writes it (the other tabs hear of it). */
  readonly storage: SaveArea;
  readonly watchOtherTabs: (listener: StorageListener) => () => void;
}

/** Tabs of one browser. */
export class FakeBrowser {
  /** The localStorage every tab shares. */
  readonly local: MemoryStorage;
  private readonly listeners = new Set<{ tab: FakeTab; listener: StorageListener }>();

  constructor(saved: Saved | null = null) {
    this.local = new MemoryStorage(saved);
  }

  /** A new tab: an empty sessionStorage of its own. */
  openTab(): FakeTab {
    const { local, listeners } = this;
    const tab: FakeTab = {
      tabStorage: new MemoryStorage(),
      storage: {
        getItem: (key) => local.getItem(key),
        setItem(key, value) {
          const before = local.getItem(key);
          local.setItem(key, value);
          if (before === value) return;
          for (const other of listeners) if (other.tab !== tab) other.listener(key, value);
        },
        removeItem: (key) => local.removeItem(key),
      },
      watchOtherTabs(listener) {
        const entry = { tab, listener };
        listeners.add(entry);
        return () => listeners.delete(entry);
      },
    };
    return tab;
  }
}

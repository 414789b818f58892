import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../testing/fakeStorage.ts";
import {
  STORAGE_KEY,
  loadSaved,
  loadWork,
  openStorage,
  save,
  saveWork,
  type Loaded,
  type Saved,
} from "./persistence.ts";

const SAVED: Saved = {
  source: "a = acquire 4KB\n",
  capacity: 2,
  speed: "max",
  memoryBudgetMiB: 64,
};
const OTHER: Saved = { ...SAVED, source: "b = acquire 8KB\n" };

/** A storage whose every write throws a DOMException named `name`. */
function refusing(name: string) {
  const storage = new MemoryStorage();
  storage.setItem = () => {
    throw new DOMException("refused", name);
  };
  return storage;
}

describe("persistence", () => {
  it("opens a storage, or gives undefined where reading it throws (site data blocked)", () => {
    const storage = {} as Storage;
    expect(openStorage(() => storage)).toBe(storage);
    expect(
      openStorage(() => {
        throw new DOMException("denied", "SecurityError");
      }),
    ).toBeUndefined();
  });

  it.each<[string, MemoryStorage | undefined, ReturnType<typeof save>]>([
    ["a storage that takes it", new MemoryStorage(), null],
    ["no storage (site data blocked)", undefined, "blocked"],
    ["a full storage", refusing("QuotaExceededError"), "full"],
    ["a full storage in Firefox's words", refusing("NS_ERROR_DOM_QUOTA_REACHED"), "full"],
    ["a storage that refuses for any other reason", refusing("SecurityError"), "blocked"],
  ])("saving to %s says why it could not", (_, area, problem) => {
    expect(save(area, SAVED)).toBe(problem);
  });

  it("reads back what it saved, and nothing from an unreadable value", () => {
    const area = new MemoryStorage();
    expect(loadSaved(area)).toBeNull();
    save(area, SAVED);
    expect(loadSaved(area)).toEqual(SAVED);
    area.setItem(STORAGE_KEY, "{not json");
    expect(loadSaved(area)).toBeNull();
    expect(loadSaved(undefined)).toBeNull();
    expect(
      loadSaved({
        getItem: () => {
          throw new DOMException("denied", "SecurityError");
        },
      }),
    ).toBeNull();
  });
});

describe("a saved value with a setting outside its limit", () => {
  const { source } = SAVED;
  it.each<[string, Record<string, unknown>, Loaded]>([
    [
      "a capacity over the limit",
      { ...SAVED, capacity: 1_000_001 },
      { source, speed: "max", memoryBudgetMiB: 64 },
    ],
    ["a speed of 0", { ...SAVED, speed: 0 }, { source, capacity: 2, memoryBudgetMiB: 64 }],
    [
      "a speed past the limit",
      { ...SAVED, speed: 5000 },
      { source, capacity: 2, memoryBudgetMiB: 64 },
    ],
    [
      "a budget of 1.5 MiB",
      { ...SAVED, memoryBudgetMiB: 1.5 },
      { source, capacity: 2, speed: "max" },
    ],
    ["no settings at all", { source }, { source }],
  ])("keeps the script of one with %s", (_, stored, loaded) => {
    const area = new MemoryStorage();
    area.setItem(STORAGE_KEY, JSON.stringify(stored));
    expect(loadSaved(area)).toStrictEqual(loaded);
  });

  it("holds no script without a source", () => {
    const area = new MemoryStorage();
    area.setItem(STORAGE_KEY, JSON.stringify({ capacity: 2 }));
    expect(loadSaved(area)).toBeNull();
  });
});

describe("a tab's own copy and the one saved last", () => {
  it("opens the tab's own copy first, else the one saved last, else nothing", () => {
    const tab = new MemoryStorage();
    const shared = new MemoryStorage();
    expect(loadWork({ tab, shared })).toBeNull();
    save(shared, OTHER);
    expect(loadWork({ tab, shared })).toEqual({ saved: OTHER, own: false });
    save(tab, SAVED);
    expect(loadWork({ tab, shared })).toEqual({ saved: SAVED, own: true });
    expect(loadWork({ tab: undefined, shared })).toEqual({ saved: OTHER, own: false });
  });

  it("saves to both", () => {
    const tab = new MemoryStorage();
    const shared = new MemoryStorage();
    expect(saveWork({ tab, shared }, SAVED)).toBeNull();
    expect([tab.saved(), shared.saved()]).toEqual([SAVED, SAVED]);
  });

  it("answers for the shared copy, which a reload falls back to", () => {
    const shared = new MemoryStorage();
    shared.full = true;
    expect(saveWork({ tab: new MemoryStorage(), shared }, SAVED)).toBe("full");
    expect(saveWork({ tab: new MemoryStorage(), shared: undefined }, SAVED)).toBe("blocked");
    expect(saveWork({ tab: undefined, shared: new MemoryStorage() }, SAVED)).toBeNull();
  });

  it("removes a tab copy it cannot update, so a reload opens the newer shared one", () => {
    const tab = new MemoryStorage(OTHER);
    const shared = new MemoryStorage();
    tab.full = true;
    expect(saveWork({ tab, shared }, SAVED)).toBeNull();
    expect(loadWork({ tab, shared })).toEqual({ saved: SAVED, own: false });
  });

  it("says so when the stale tab copy cannot even be removed", () => {
    const tab = new MemoryStorage(OTHER);
    tab.full = true;
    tab.removeItem = () => {
      throw new DOMException("denied", "SecurityError");
    };
    expect(saveWork({ tab, shared: new MemoryStorage() }, SAVED)).toBe("full");
  });
});

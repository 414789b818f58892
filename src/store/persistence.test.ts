import { describe, expect, it } from "vitest";
import { STORAGE_KEY, loadSaved, openStorage, save, type Saved } from "./persistence.ts";

const SAVED: Saved = {
  source: "a = acquire 4KB\n",
  capacity: 2,
  speed: "max",
  memoryBudgetMiB: 64,
};

/** A storage whose every setItem throws a DOMException named `name`. */
function refusing(name: string) {
  return {
    getItem: () => null,
    setItem: () => {
      throw new DOMException("refused", name);
    },
  };
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

  it.each<[string, Parameters<typeof save>[0], ReturnType<typeof save>]>([
    ["a storage that takes it", { getItem: () => null, setItem: () => undefined }, null],
    ["no storage (site data blocked)", undefined, "blocked"],
    ["a full storage", refusing("QuotaExceededError"), "full"],
    ["a full storage in Firefox's words", refusing("NS_ERROR_DOM_QUOTA_REACHED"), "full"],
    ["a storage that refuses for any other reason", refusing("SecurityError"), "blocked"],
  ])("saving to %s says why it could not", (_, area, problem) => {
    expect(save(area, SAVED)).toBe(problem);
  });

  it("reads back what it saved, and nothing from an unreadable value", () => {
    const items = new Map<string, string>();
    const area = {
      getItem: (key: string) => items.get(key) ?? null,
      setItem: items.set.bind(items),
    };
    expect(loadSaved(area)).toBeNull();
    save(area, SAVED);
    expect(loadSaved(area)).toEqual(SAVED);
    items.set(STORAGE_KEY, "{not json");
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

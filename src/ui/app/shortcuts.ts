/**
 * Page-wide keys: Space runs or pauses, ArrowRight steps, ArrowLeft steps back —
 * unless the key belongs to what has focus (the editor, a field, a button's Space).
 */

/** What the keys do. */
export interface ShortcutActions {
  toggleRun(): void;
  step(): void;
  stepBack(): void;
}

const TYPING_TAGS = new Set(["INPUT", "TEXTAREA", "SELECT"]);
const PRESSABLE_TAGS = new Set(["BUTTON", "A", "SUMMARY"]);

/** Whether keys typed at `target` are text (a field, the editor), not the page's keys. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return (
    TYPING_TAGS.has(target.tagName) || target.closest("[contenteditable], .cm-editor") !== null
  );
}

function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (isTyping(target)) return true;
  return (
    key === " " && (PRESSABLE_TAGS.has(target.tagName) || target.getAttribute("role") === "button")
  );
}

/** Handles one keydown; returns true when it acted (and prevented the default). */
export function handleShortcut(event: KeyboardEvent, actions: ShortcutActions): boolean {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return false;
  if (ownsKey(event.target, event.key)) return false;
  const action =
    event.key === " "
      ? actions.toggleRun
      : event.key === "ArrowRight"
        ? actions.step
        : event.key === "ArrowLeft"
          ? actions.stepBack
          : null;
  if (action === null) return false;
  event.preventDefault();
  action();
  return true;
}

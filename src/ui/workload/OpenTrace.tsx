/**
 * Opening a trace file (SPEC §2b, §5): the `import-file` input, shown as a
 * small "Open trace…" button (the input itself takes the focus, so it works
 * by keyboard), and dropping a file onto the script panel. Either way the
 * File goes to the worker as a Blob; the page never reads it.
 */
import { useState, type DragEvent } from "react";
import { useStoreApi } from "../../store/index.ts";

/** The "Open trace…" button: a labelled file input. */
export function OpenTraceButton() {
  const store = useStoreApi();
  return (
    <label className="open-trace">
      <input
        type="file"
        className="visually-hidden"
        data-testid="import-file"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          // Cleared, so choosing the same file again opens it again.
          event.currentTarget.value = "";
          if (file !== undefined) store.getState().openTrace(file.name, file);
        }}
      />
      Open trace…
    </label>
  );
}

/** Handlers that open a file dropped on an element, and whether one is being dragged over it. */
export function useTraceDrop(): {
  dragging: boolean;
  handlers: {
    onDragOver(event: DragEvent): void;
    onDragLeave(event: DragEvent): void;
    onDrop(event: DragEvent): void;
  };
} {
  const store = useStoreApi();
  const [dragging, setDragging] = useState(false);
  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");
  return {
    dragging,
    handlers: {
      onDragOver(event) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
        setDragging(true);
      },
      onDragLeave(event) {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
      },
      onDrop(event) {
        setDragging(false);
        const file = event.dataTransfer.files[0];
        if (file === undefined) return;
        event.preventDefault();
        store.getState().openTrace(file.name, file);
      },
    },
  };
}

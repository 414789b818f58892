/**
 * Export (SPEC §5): a menu button with six files. The worker writes the first
 * four (the store asks it and saves the file); the charts are drawn here, so
 * the page writes those two. A long export shows how far it is, with Cancel.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useStore } from "../../store/index.ts";
import type { ExportKind } from "../../worker/protocol.ts";
import { downloadBlob } from "../common/download.ts";
import { formatCount } from "../common/format.ts";
import { chartPng, chartSvgElement, chartSvgText } from "./chartImage.ts";

type Item =
  | { readonly label: string; readonly kind: ExportKind }
  | { readonly label: string; readonly chart: "svg" | "png" };

const ITEMS: readonly Item[] = [
  { label: "Events (CSV)", kind: "events" },
  { label: "Per-class metrics (CSV)", kind: "classes" },
  { label: "Run summary (JSON)", kind: "run" },
  { label: "Sweep (CSV)", kind: "sweep" },
  { label: "Charts (SVG)", chart: "svg" },
  { label: "Charts (PNG)", chart: "png" },
];

const FILE_OF: Record<ExportKind, string> = {
  events: "pool-events.csv",
  classes: "pool-classes.csv",
  run: "pool-run.json",
  sweep: "pool-sweep.csv",
};

async function exportChart(format: "svg" | "png"): Promise<void> {
  const svg = chartSvgElement();
  if (svg === null) throw new Error("show the History chart first");
  const text = chartSvgText(svg);
  if (format === "svg") {
    downloadBlob("pool-charts.svg", new Blob([text], { type: "image/svg+xml" }));
    return;
  }
  const { width, height } = svg.getBoundingClientRect();
  downloadBlob("pool-charts.png", await chartPng(text, Math.round(width), Math.round(height)));
}

/** The Export button, its menu, and the progress of an export under way. */
export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const [chartProblem, setChartProblem] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const exportFile = useStore((s) => s.exportFile);
  const exporting = useStore((s) => s.exporting);
  const message = useStore((s) => s.exportMessage);
  const cancelExport = useStore((s) => s.cancelExport);
  const sweepReady = useStore(
    (s) => s.sweep !== null && !s.sweep.running && s.sweep.points.length > 0,
  );

  const reasonOf = (item: Item): string | null => {
    if ("kind" in item && item.kind === "sweep" && !sweepReady) return "Run a sweep first";
    return null;
  };

  useEffect(() => {
    if (!open) return undefined;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target))
        setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  const choose = (item: Item) => {
    if (reasonOf(item) !== null) return;
    close();
    setChartProblem(null);
    if ("kind" in item) exportFile(item.kind);
    else
      exportChart(item.chart).catch((thrown: unknown) =>
        setChartProblem(
          `The chart could not be exported: ${thrown instanceof Error ? thrown.message : String(thrown)}.`,
        ),
      );
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => items[(to + items.length) % items.length]?.focus();
    if (event.key === "ArrowDown") move(at + 1);
    else if (event.key === "ArrowUp") move(at - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(items.length - 1);
    else if (event.key === "Escape" || event.key === "Tab") close();
    else return;
    event.preventDefault();
  };

  const notice = chartProblem ?? message;
  return (
    <span className="export-menu">
      <button
        ref={buttonRef}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen(!open)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        Export
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Export"
          className="export-list"
          onKeyDown={onMenuKey}
        >
          {ITEMS.map((item, k) => {
            const reason = reasonOf(item);
            const reasonId = `${menuId}-reason-${k}`;
            return (
              <button
                key={item.label}
                type="button"
                role="menuitem"
                tabIndex={-1}
                aria-disabled={reason !== null}
                aria-describedby={reason !== null ? reasonId : undefined}
                className="export-item"
                onClick={() => choose(item)}
              >
                <span>{item.label}</span>
                {reason !== null ? (
                  <span id={reasonId} className="export-reason">
                    {reason}
                  </span>
                ) : null}
              </button>
            );
          })}
        </div>
      ) : null}
      <span className="export-status" role="status">
        {exporting !== null ? (
          <>
            Writing {FILE_OF[exporting.kind]}
            {exporting.done > 0
              ? `: ${formatCount(exporting.done)}${exporting.total !== null ? ` of ${formatCount(exporting.total)}` : ""} steps`
              : "…"}{" "}
            <button type="button" onClick={cancelExport}>
              Cancel
            </button>
          </>
        ) : (
          (notice ?? "")
        )}
      </span>
    </span>
  );
}

/**
 * The nine size classes: a bar chart of free-list length against the capacity
 * line with held buffers beside it, a row of class buttons under the bars (the
 * test surface: click one to acquire a buffer of that class), oversized held
 * buffers apart; each class's metrics (SPEC §9) in its button's hover text
 * and accessible description, and as a table on request ("Show as table");
 * the free lists as stacks of buffers on request ("Show stacks").
 */
import { useId, useState } from "react";
import { selectSnapshot, useStore, type PlaygroundState } from "../../store/index.ts";
import {
  CHART_REDRAW_MS,
  LIST_REFRESH_MS,
  useThrottledStore,
} from "../common/useThrottledStore.ts";
import { CLASS_SIZES, classLabel } from "../common/format.ts";
import ClassBarChart from "../charts/ClassBarChart.tsx";
import { PLOT_LEFT_PX, PLOT_RIGHT_PX } from "../charts/classBarLayout.ts";
import { ClassMetricsTable, classMetricsText } from "./ClassMetricsTable.tsx";
import { FreeListStacks } from "./FreeListStacks.tsx";

const selectClasses = (s: PlaygroundState) => s.snapshot.classes;

function useClassNumbers() {
  const {
    free,
    held,
    capacityPerClass: capacity,
  } = useThrottledStore(selectSnapshot, LIST_REFRESH_MS);
  return { free, held, capacity };
}

function ClassButtons() {
  const { free, held, capacity } = useClassNumbers();
  const send = useStore((s) => s.send);
  // Hover text only: redrawn with the charts while running, not at every frame.
  const classes = useThrottledStore(selectClasses, CHART_REDRAW_MS);
  return (
    <div
      className="class-buttons"
      role="group"
      aria-label="Acquire a buffer of a size class"
      style={{ marginLeft: PLOT_LEFT_PX, marginRight: PLOT_RIGHT_PX }}
    >
      {CLASS_SIZES.map((_, k) => {
        const label = classLabel(k);
        const f = free[k] ?? 0;
        const h = held[k] ?? 0;
        return (
          <button
            key={k}
            type="button"
            className="class-button"
            data-testid={`class-${k}`}
            data-free={f}
            data-held={h}
            data-capacity={capacity}
            aria-label={`${label}: ${f} free of ${capacity}, ${h} held`}
            title={`Acquire a ${label} buffer. ${classes[k] ? classMetricsText(classes[k]) : ""}`}
            onClick={() => send({ type: "acquireClass", sizeClass: k })}
          >
            <span className="class-button-label">{label}</span>
            <span className="class-button-numbers">
              {f}/{capacity}
              <span className="class-button-word"> free</span>
            </span>
            <span className="class-button-numbers class-button-held">
              {h}
              <span className="class-button-word"> held</span>
            </span>
          </button>
        );
      })}
    </div>
  );
}

function OversizedTile() {
  const oversizedHeld = useStore((s) => s.snapshot.oversizedHeld);
  const metrics = useThrottledStore(selectClasses, CHART_REDRAW_MS).at(-1);
  return (
    <div
      className="oversized"
      data-testid="oversized"
      data-held={oversizedHeld}
      title={metrics ? `Oversized: ${classMetricsText(metrics)}` : undefined}
    >
      <span className="oversized-count">{oversizedHeld}</span>
      <span className="oversized-label">oversized held</span>
      <span className="oversized-note">over 1 MiB, never pooled</span>
    </div>
  );
}

function Legend() {
  return (
    <ul className="legend" aria-hidden="true">
      <li>
        <span className="swatch swatch-free" /> free list
      </li>
      <li>
        <span className="swatch swatch-held" /> held
      </li>
      <li>
        <span className="swatch swatch-capacity" /> capacity
      </li>
    </ul>
  );
}

/** A checkbox that changes how the panel shows the classes. */
function Toggle(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <label className="toggle" htmlFor={id}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

/** The class bars panel. */
export function ClassBars() {
  const [asTable, setAsTable] = useState(false);
  const [showStacks, setShowStacks] = useState(false);
  return (
    <section className="panel class-bars" aria-labelledby="class-bars-heading">
      <div className="panel-head">
        <h2 id="class-bars-heading" className="panel-title">
          Size classes
        </h2>
        {asTable ? null : <Legend />}
        <Toggle label="Show as table" checked={asTable} onChange={setAsTable} />
        <Toggle label="Show stacks" checked={showStacks} onChange={setShowStacks} />
      </div>
      <div className="class-bars-body">
        <div className="class-bars-main">
          {asTable ? <ClassMetricsTable /> : <ClassBarChart />}
          <ClassButtons />
        </div>
        <OversizedTile />
      </div>
      <FreeListStacks shown={showStacks} />
    </section>
  );
}

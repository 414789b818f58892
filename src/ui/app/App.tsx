/**
 * The playground page: script and playback on the left, the pool on the right;
 * one column on a phone. Charts and the editor load after first paint.
 */
import { Suspense, lazy, useEffect } from "react";
import { useStore, useStoreApi } from "../../store/index.ts";
import { Banner } from "./Banner.tsx";
import { CapacitySweep } from "../charts/CapacitySweep.tsx";
import { ClassBars } from "../pool/ClassBars.tsx";
import { CompareExplanation } from "../compare/CompareExplanation.tsx";
import { ComparePanel } from "../compare/ComparePanel.tsx";
import { Controls } from "../playback/Controls.tsx";
import { Counters } from "../pool/Counters.tsx";
import { ScriptPanel } from "../editor/ScriptPanel.tsx";
import { EventLog } from "../pool/EventLog.tsx";
import { Explanation } from "../pool/Explanation.tsx";
import { Header } from "./Header.tsx";
import { HeldBuffers } from "../pool/HeldBuffers.tsx";
import { Presets } from "../presets/Presets.tsx";
import { PredictPanel } from "../predict/PredictPanel.tsx";
import { handleShortcut } from "./shortcuts.ts";

const RecycleChart = lazy(() => import("../charts/RecycleChart.tsx"));

function useShortcuts() {
  const store = useStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const { snapshot, send, run } = store.getState();
      handleShortcut(event, {
        toggleRun: () => (snapshot.status === "running" ? send({ type: "pause" }) : run()),
        step: () => send({ type: "step" }),
        stepBack: () => send({ type: "stepBack" }),
      });
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store]);
}

/** Turns every CSS transition and animation off when motion is off. */
export function useMotion() {
  const motion = useStore((s) => s.motion);
  useEffect(() => {
    document.documentElement.dataset.motion = motion ? "on" : "off";
  }, [motion]);
}

function ChartPanel() {
  const view = useStore((s) => s.chartView);
  const setView = useStore((s) => s.setChartView);
  return (
    <section
      className={view === "sweep" ? "panel chart-panel chart-panel-sweep" : "panel chart-panel"}
      aria-labelledby="chart-heading"
    >
      <div className="panel-head">
        <h2 id="chart-heading" className="panel-title">
          {view === "run" ? "Over the run" : "Capacity sweep"}
        </h2>
        <div className="chart-tabs" role="group" aria-label="Chart">
          <button type="button" aria-pressed={view === "run"} onClick={() => setView("run")}>
            History
          </button>
          <button type="button" aria-pressed={view === "sweep"} onClick={() => setView("sweep")}>
            Sweep
          </button>
        </div>
      </div>
      {view === "run" ? (
        <>
          <ul className="legend" aria-hidden="true">
            <li>
              <span className="swatch swatch-free" /> recycle rate %
            </li>
            <li>
              <span className="swatch swatch-miss" /> misses
            </li>
          </ul>
          <Suspense fallback={<div className="chart-standin recycle-chart-size" />}>
            <RecycleChart />
          </Suspense>
        </>
      ) : (
        <CapacitySweep />
      )}
    </section>
  );
}

/** The whole page. */
export function App() {
  useShortcuts();
  useMotion();
  return (
    <div className="app">
      <Header />
      <Banner />
      <main className="layout">
        <div className="column column-script">
          <ScriptPanel />
          <Controls />
          <Presets />
        </div>
        <div className="column column-pool">
          <Counters />
          <Explanation />
          <PredictPanel />
          <CompareExplanation />
          <ClassBars />
          <ComparePanel />
          <div className="pool-lower">
            <ChartPanel />
            <HeldBuffers />
            <EventLog />
          </div>
        </div>
      </main>
    </div>
  );
}

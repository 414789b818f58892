/**
 * The presets: pick one to load it; the lesson of the loaded one is shown.
 * A trace preset's file is fetched when picked and read in the worker like an opened file.
 */
import { useStore, useStoreApi } from "../../store/index.ts";
import { PRESETS, TRACE_PRESETS, type TracePreset } from "./presets.ts";

/** Preset buttons and the current preset's lesson. */
export function Presets() {
  const store = useStoreApi();
  const source = useStore((s) => s.source);
  const traceName = useStore((s) => s.trace?.name ?? null);
  const setSource = useStore((s) => s.setSource);
  const current =
    traceName === null
      ? PRESETS.find((p) => p.source === source)
      : TRACE_PRESETS.find((p) => p.name === traceName);
  const openTracePreset = async (preset: TracePreset) => {
    try {
      const response = await fetch(preset.url);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      store.getState().openTrace(preset.name, await response.blob());
    } catch (thrown) {
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      store.setState({ notice: `The preset ${preset.title} could not be fetched (${reason}).` });
    }
  };
  return (
    <section className="panel presets" aria-labelledby="presets-heading">
      <h2 id="presets-heading" className="panel-title">
        Presets
      </h2>
      <div className="preset-buttons" role="group" aria-labelledby="presets-heading">
        {[
          ...PRESETS.map((preset) => ({ preset, pick: () => setSource(preset.source) })),
          ...TRACE_PRESETS.map((preset) => ({ preset, pick: () => void openTracePreset(preset) })),
        ].map(({ preset, pick }) => (
          <button
            key={preset.id}
            type="button"
            className="preset"
            data-preset={preset.id}
            aria-pressed={preset === current}
            onClick={pick}
          >
            {preset.title}
          </button>
        ))}
      </div>
      <p className="lesson">
        {current === undefined
          ? "Your own script. Pick a preset to load a lesson; Ctrl+Z in the editor brings your text back."
          : current.lesson}
      </p>
    </section>
  );
}

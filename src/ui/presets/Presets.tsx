/** The preset scripts: pick one to load it; the lesson of the loaded one is shown. */
import { useStore } from "../../store/index.ts";
import { PRESETS } from "./presets.ts";

/** Preset buttons and the current preset's lesson. */
export function Presets() {
  const source = useStore((s) => s.source);
  const setSource = useStore((s) => s.setSource);
  const current = PRESETS.find((p) => p.source === source);
  return (
    <section className="panel presets" aria-labelledby="presets-heading">
      <h2 id="presets-heading" className="panel-title">
        Presets
      </h2>
      <div className="preset-buttons" role="group" aria-labelledby="presets-heading">
        {PRESETS.map((preset) => (
          <button
            key={preset.id}
            type="button"
            className="preset"
            data-preset={preset.id}
            aria-pressed={preset === current}
            onClick={() => setSource(preset.source)}
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

/** The page header: title, tagline, keyboard hint, the Predict toggle and the theme toggle. */
import { useEffect, useState } from "react";
import { openStorage, useStore } from "../../store/index.ts";
import { applyTheme, readTheme, type Theme } from "./theme.ts";

const darkQuery = "(prefers-color-scheme: dark)";

/** Where the pick is kept; undefined when site data is blocked (the pick then lasts the visit). */
const themeStorage = () => openStorage(() => window.localStorage);

function useTheme(): [Theme, () => void] {
  const [picked, setPicked] = useState<Theme | null>(() => readTheme(themeStorage()));
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(darkQuery).matches);
  useEffect(() => {
    const query = window.matchMedia(darkQuery);
    const onChange = () => setSystemDark(query.matches);
    query.addEventListener("change", onChange);
    return () => query.removeEventListener("change", onChange);
  }, []);
  const theme = picked ?? (systemDark ? "dark" : "light");
  const toggle = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next, document.documentElement, themeStorage());
    setPicked(next);
  };
  return [theme, toggle];
}

/** The header bar. */
export function Header() {
  const [theme, toggleTheme] = useTheme();
  const predict = useStore((s) => s.predict);
  const setPredict = useStore((s) => s.setPredict);
  return (
    <header className="header">
      <div className="header-titles">
        <h1>Pool Playground</h1>
        <p className="tagline">
          A size-class buffer pool running for real in your browser: script it, step it, watch it
          recycle.
        </p>
      </div>
      <p className="keys muted" aria-hidden="true">
        <kbd>Space</kbd> run/pause · <kbd>Left</kbd> <kbd>Right</kbd> step
      </p>
      <div className="header-actions">
        <button
          type="button"
          className="predict-toggle"
          aria-pressed={predict}
          onClick={() => setPredict(!predict)}
        >
          Predict
        </button>
        <button type="button" className="theme-toggle" onClick={toggleTheme}>
          {theme === "dark" ? "Light theme" : "Dark theme"}
        </button>
      </div>
    </header>
  );
}

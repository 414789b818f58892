import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/**
 * The arrows of STYLE.md: the folders of ours under src/ that each folder may
 * import (a folder reaches its own files freely). Any other folder of ours is
 * a wrong-way import. `main.tsx` (the wiring), `src/testing/` and tests may
 * import anything.
 */
const ARROWS = {
  pool: [],
  script: [],
  workload: ["script", "pool"],
  engine: ["workload", "script", "pool"],
  worker: ["engine", "workload", "script", "pool"],
  cli: ["engine", "workload", "script", "pool"],
  store: ["worker/client.ts", "worker/protocol.ts"],
  ui: ["store", "worker/protocol.ts"],
};

/** Libraries that only some places may import (a place is a folder under src/). */
const LIBRARIES = [
  { names: ["recharts"], places: ["ui/charts"] },
  { names: ["codemirror", "@codemirror/*"], places: ["ui/editor"] },
  { names: ["react", "react-dom", "zustand"], places: ["store", "ui"] },
];

/** How many folders below its place a file may sit and still be checked. */
const MAX_NESTING = 2;

/**
 * The groups that forbid `folder`'s wrong-way imports from a file `depth`
 * folders below src/. Our imports are relative, so a pattern climbs as many
 * folders as the file sits deep: from src/ui/app/, `../../pool/**` is src/pool/,
 * while `../pool/` is the page's own pool feature.
 */
function arrowGroups(folder, depth) {
  const up = "../".repeat(depth);
  const allowed = ARROWS[folder];
  const message = `src/${folder}/ may import ${allowed.length ? allowed.join(", ") : "nothing"} of ours (arrows point one way: see STYLE.md).`;
  return Object.keys(ARROWS)
    .filter((other) => other !== folder && !allowed.includes(other))
    .map((other) => ({
      group: [
        `${up}${other}/**`,
        ...allowed.filter((path) => path.startsWith(`${other}/`)).map((path) => `!${up}${path}`),
      ],
      message,
    }));
}

/** The groups that keep each library to its places, for a file in `place`. */
function libraryGroups(place) {
  const within = (places) => places.some((p) => place === p || place.startsWith(`${p}/`));
  return LIBRARIES.filter((library) => !within(library.places)).map((library) => ({
    group: library.names.flatMap((name) => [name, `${name}/**`]),
    message: `${library.names.join(", ")}: only in ${library.places.map((p) => `src/${p}/`).join(", ")}.`,
  }));
}

/**
 * One config block per place and depth, parents first, so a sub-place with
 * its own libraries (ui/charts) overrides its parent's rule for its files.
 */
function importRules() {
  const places = [
    ...Object.keys(ARROWS),
    ...LIBRARIES.flatMap((library) => library.places).filter((place) => place.includes("/")),
  ];
  return places.flatMap((place) =>
    Array.from({ length: MAX_NESTING + 1 }, (_, nesting) => ({
      files: [`src/${place}/${"*/".repeat(nesting)}*.{ts,tsx}`],
      ignores: ["**/*.test.ts", "**/*.bench.ts"],
      rules: {
        "no-restricted-imports": [
          "error",
          {
            patterns: [
              ...arrowGroups(place.split("/")[0], place.split("/").length + nesting),
              ...libraryGroups(place),
            ],
          },
        ],
      },
    })),
  );
}

export default tseslint.config(
  { ignores: ["dist", "node_modules", "test-results", "playwright-report"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
    },
  },
  ...importRules(),
  {
    // Rooms a newcomer can find (STYLE.md): no source file of the app over 450 lines.
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["**/*.test.ts", "**/*.bench.ts"],
    rules: { "max-lines": ["error", { max: 450 }] },
  },
  {
    files: ["e2e/**/*.ts", "scripts/**/*.{ts,mjs}", "*.config.{ts,js}"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
);

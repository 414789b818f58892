/**
 * The workload shapes `npm run bench:engine` runs (SPEC §6): a new shape is one more entry.
 * Step counts make each take about 0.5–1.5 s in the engine on the development
 * machine; `steps` stops a script that would run on and on.
 */

/** A workload shape: a script in the project's own language. */
export interface Shape {
  readonly name: string;
  readonly script: string;
  /** Stop after this many steps (for an endless script); the whole script when absent. */
  readonly steps?: number;
}

/** The script of the "long random" check: endless, so it is always run with a step count. */
export const LONG_RANDOM =
  "capacity 4; seed 1; repeat 16 { acquire random 1..8KB }; repeat 1000000000 { acquire random 1..8KB; release random }";

/** The suite, in the order it is reported. */
export const SHAPES: readonly Shape[] = [
  { name: "closed loop 4KB", script: "repeat 3_000_000 { a = acquire 4KB; release a }" },
  { name: "release newest 4KB", script: "repeat 1_250_000 { acquire 4KB; release newest }" },
  {
    name: "queue 16KB (8 held, release oldest)",
    script:
      "repeat 8 { acquire 16KB }; repeat 650_000 { acquire 16KB; release oldest }; release all",
  },
  {
    name: "random sizes, release random",
    script:
      "seed 7; repeat 16 { acquire random 1..64KB }; repeat 350_000 { acquire random 1..64KB; release random }; release all",
  },
  {
    name: "bursts 8 × 16KB, release all",
    script: "capacity 8; repeat 125_000 { repeat 8 { acquire 16KB }; release all }",
  },
  {
    name: "random sizes named",
    script:
      "seed 3; repeat 600_000 { a = acquire random 1..32KB; b = acquire random 1..32KB; release a; release b }",
  },
  {
    name: "weighted 4KB:80 8KB:15 32KB:5",
    script:
      "repeat 100_000 { repeat 16 { a = acquire 4KB; release a }; repeat 3 { acquire 8KB; release newest }; c = acquire 32KB; release c }",
  },
  {
    name: "weighted 4KB:80 64KB:15 1MB:5",
    script:
      "repeat 10_000 { repeat 16 { a = acquire 4KB; release a }; repeat 3 { acquire 64KB; release newest }; c = acquire 1MB; release c }",
  },
  {
    name: "resizes (grow, then release)",
    script: "repeat 500_000 { a = acquire 4KB; resize a 6000; resize a 20000; release a }",
  },
  {
    name: "nested bursts with holds",
    script:
      "repeat 40_000 { keep = acquire 32KB; repeat 3 { repeat 4 { acquire 4KB }; repeat 2 { release newest } }; release all }",
  },
  {
    name: "mixed large 1KB..2MB",
    script:
      "seed 5; repeat 4 { acquire random 1KB..2MB }; repeat 6_000 { acquire random 1KB..2MB; release random }; release all",
  },
  {
    name: "small unnamed churn",
    script:
      "repeat 300_000 { acquire 1; acquire 100; acquire 4000; release oldest; release newest; release oldest }",
  },
  { name: "long random 1..8KB", script: LONG_RANDOM, steps: 1_000_000 },
  {
    name: "drawn weights 4KB:80 64KB:15 1MB:5, release random",
    script:
      "seed 7; repeat 16 { acquire 4KB:80, 64KB:15, 1MB:5 }; repeat 150_000 { acquire 4KB:80, 64KB:15, 1MB:5; release random }; release all",
  },
  {
    name: "drawn weights named, closed loop",
    script: "seed 9; repeat 600_000 { a = acquire 4KB:90, 16KB:9, 64KB:1; release a }",
  },
  {
    name: "log-uniform 1KB..2MB, release random",
    script:
      "seed 5; repeat 4 { acquire random 1KB..2MB log }; repeat 20_000 { acquire random 1KB..2MB log; release random }; release all",
  },
  {
    name: "repeat random 1..8 × 16KB bursts, release all",
    script:
      "seed 3; capacity 8; repeat 150_000 { repeat random 1..8 { acquire 16KB }; release all }",
  },
  // Cheap buffers (4 KiB and under, where zeroing costs least), so that the
  // engine's own cost per step weighs most against the bare pool's.
  {
    name: "release random 4KB (16 held)",
    script:
      "seed 2; repeat 16 { acquire 4KB }; repeat 500_000 { acquire 4KB; release random }; release all",
  },
  {
    name: "random sizes 1..8KB, release newest (16 held)",
    script:
      "seed 1; repeat 16 { acquire random 1..8KB }; repeat 500_000 { acquire random 1..8KB; release newest }; release all",
  },
  {
    name: "drawn 1KB:50 4KB:50, release random (8 held)",
    script:
      "seed 2; repeat 8 { acquire 1KB:50, 4KB:50 }; repeat 500_000 { acquire 1KB:50, 4KB:50; release random }; release all",
  },
  {
    name: "repeat random 1..4 × 4KB bursts, release all",
    script: "seed 2; repeat 200_000 { repeat random 1..4 { acquire 4KB }; release all }",
  },
  {
    name: "queue 4KB (200 held, release oldest)",
    script:
      "repeat 200 { acquire 4KB }; repeat 500_000 { acquire 4KB; release oldest }; release all",
  },
  {
    name: "release random 4KB (1,000 held)",
    script:
      "seed 2; repeat 1000 { acquire 4KB }; repeat 400_000 { acquire 4KB; release random }; release all",
  },
];

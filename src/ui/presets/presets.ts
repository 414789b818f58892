/**
 * The presets of SPEC §4: each a short script that teaches one thing about the
 * pool, with the lesson in words beside it, and questions of its own for
 * predict mode.
 */
import type { PredictAnswer } from "../../store/index.ts";

/**
 * A step a lesson asks about in predict mode, with why it goes as it does.
 * `outcome` is what the pool does there: the page scores against the engine,
 * never this; a test holds it to the engine, so the reason stays true.
 */
export interface PresetQuestion {
  readonly step: number;
  readonly outcome: PredictAnswer;
  /** Shown when the answer was wrong. */
  readonly reason: string;
}

/** A ready-made script and what it shows. */
export interface Preset {
  /** Stable id, used in code and tests. */
  readonly id: string;
  readonly title: string;
  /** What to watch for, in two or three sentences. */
  readonly lesson: string;
  /** A script in the language of SPEC §2. */
  readonly source: string;
  /** Predict mode's questions of this lesson, at least three. */
  readonly questions: readonly PresetQuestion[];
}

/** The script a first visit opens with. */
export const DEFAULT_PRESET_ID = "warm-up";

/** All presets, in the order they are offered. */
export const PRESETS: readonly Preset[] = [
  {
    id: "warm-up",
    title: "Warm-up",
    lesson:
      "The pool starts cold: every free list is empty, so the first acquire of each class is a miss. " +
      "Releasing puts the buffer on its class's free list, and from the second round on the same requests " +
      "are recycled. Watch the recycle rate climb from 0% towards 75%.",
    source: `# Warm-up: the pool starts with every free list empty.
capacity 4

# Round 1 misses three times: nothing to recycle yet.
# Rounds 2 to 4 find a buffer waiting in each class and recycle it.
repeat 4 {
  a = acquire 4KB
  b = acquire 16KB
  c = acquire 64KB
  release a
  release b
  release c
}
`,
    questions: [
      {
        step: 1,
        outcome: "Miss",
        reason:
          "Every free list starts empty, so the first 4 KiB acquire finds nothing to recycle: a miss.",
      },
      {
        step: 4,
        outcome: "Back on the list",
        reason: "The 4 KiB list held 0 buffers of its capacity of 4, so a goes back on it.",
      },
      {
        step: 7,
        outcome: "Recycle",
        reason: "a went back on the 4 KiB list at step 4, so this acquire pops it: a recycle.",
      },
    ],
  },
  {
    id: "steady-state",
    title: "Steady state",
    lesson:
      "Once the working set fits in the free lists, every acquire is a recycle and nothing new is allocated. " +
      "Run it at full speed: the recycle rate approaches 100% and the memory in free lists stays flat.",
    source: `# Steady state: a server handling one request at a time.
capacity 8
seed 7

repeat 200 {
  header = acquire random 100..4KB   # always the 4 KiB class
  body = acquire random 9KB..16KB    # always the 16 KiB class
  release body
  release header
}
`,
    questions: [
      {
        step: 2,
        outcome: "Miss",
        reason: "The 16 KiB list was still empty: the first body is always a miss.",
      },
      {
        step: 5,
        outcome: "Recycle",
        reason:
          "Any size from 100 B to 4 KiB is the 4 KiB class, and header's buffer went back on that list at step 4.",
      },
      {
        step: 6,
        outcome: "Recycle",
        reason:
          "9 to 16 KiB all fall in the 16 KiB class, whose list has kept body's buffer since step 3.",
      },
    ],
  },
  {
    id: "capacity-overflow",
    title: "Capacity overflow",
    lesson:
      "A free list keeps at most the capacity per class; a release onto a full list drops the buffer. " +
      "Here eight buffers come back but only four fit, so every burst misses four times. " +
      "Set the capacity line to 8 and run it again.",
    source: `# Capacity overflow: bursts of 8 buffers, room for 4.
capacity 4

repeat 3 {
  repeat 8 {
    acquire 16KB
  }
  # Oldest first: four go back on the list, the other four are dropped.
  release all
}
`,
    questions: [
      {
        step: 12,
        outcome: "Back on the list",
        reason:
          "The 16 KiB list held 3 buffers, one under its capacity of 4, so this one still fits.",
      },
      {
        step: 13,
        outcome: "Dropped: list full",
        reason: "The 16 KiB list already held 4 buffers, its capacity, so this one was dropped.",
      },
      {
        step: 21,
        outcome: "Miss",
        reason: "#9 to #12 took the four kept buffers; the list was empty again, so #13 is a miss.",
      },
    ],
  },
  {
    id: "oversized-bypass",
    title: "Oversized bypass",
    lesson:
      "A request over 1 MiB, the largest class, skips the pool: it is allocated exactly, counted as a miss " +
      "and dropped on release. No capacity helps; splitting the request into pooled sizes does.",
    source: `# Oversized bypass: 2 MiB is larger than the largest class (1 MiB).
capacity 4

repeat 5 {
  big = acquire 2MB    # a miss every time, never pooled
  release big
}

# The same 2 MiB as two 1 MiB halves: pooled like any class.
repeat 5 {
  low = acquire 1MB
  high = acquire 1MB
  release high
  release low
}
`,
    questions: [
      {
        step: 2,
        outcome: "Dropped: oversized",
        reason:
          "2 MiB is over the largest class (1 MiB): such a buffer is never pooled, so it is dropped.",
      },
      {
        step: 3,
        outcome: "Miss",
        reason:
          "The 2 MiB buffer was dropped at step 2, not kept: an oversized acquire is always a miss.",
      },
      {
        step: 15,
        outcome: "Recycle",
        reason:
          "1 MiB is a class of its own, and two 1 MiB buffers went back on its list at steps 13 and 14.",
      },
    ],
  },
  {
    id: "rounding-waste",
    title: "Rounding waste",
    lesson:
      "Every request is rounded up to the next class, so a size just past a power of two wastes almost half " +
      "of its buffer. Compare the bytes asked for with the held bytes: 4,097 B takes a whole 8 KiB buffer.",
    source: `# Rounding waste: each request takes the smallest class that fits.
capacity 4

a = acquire 4096     # exactly 4 KiB: no waste
b = acquire 4097     # one byte over: an 8 KiB buffer, 4,095 B unused
c = acquire 33KB     # rounds up to 64 KiB, almost half unused
d = acquire 1        # one byte still takes a 4 KiB buffer
e = acquire 600KB    # rounds up to 1 MiB

release all
`,
    questions: [
      {
        step: 2,
        outcome: "Miss",
        reason:
          "4,097 B is one byte over 4 KiB, so it takes the 8 KiB class, whose list was empty: a miss.",
      },
      {
        step: 4,
        outcome: "Miss",
        reason:
          "1 B still takes a whole 4 KiB buffer, and the 4 KiB list was empty (a holds the only one): a miss.",
      },
      {
        step: 9,
        outcome: "Back on the list",
        reason: "d's 4 KiB buffer joins a's on the 4 KiB list: 2 of 4, room to spare.",
      },
    ],
  },
  {
    id: "grown-buffer-pollution",
    title: "Grown-buffer pollution",
    lesson:
      "Resizing a buffer past its capacity grows it, and on release it goes back to the list of the class it " +
      "came from, still grown. A later small request recycles the big buffer, so the free lists keep more " +
      "memory than their class sizes suggest.",
    source: `# Grown-buffer pollution: big buffers hiding in a small class.
capacity 4

a = acquire 4KB
resize a 100KB     # grows past its capacity: now 100 KiB inside
release a          # back on the 4 KiB list, still 100 KiB

b = acquire 4KB    # recycles it: length 4 KiB, capacity 100 KiB
release b

# Grow a few more: the 4 KiB list now holds far more than 4 x 4 KiB.
repeat 3 {
  c = acquire 4KB
  d = acquire 4KB
  e = acquire 4KB
  resize e 64KB
  release c
  release d
  release e
}
`,
    questions: [
      {
        step: 2,
        outcome: "Grows",
        reason:
          "100 KiB is more than a's 4 KiB capacity, so it grows to max(2 × 4,096, 102,400) = 102,400 B.",
      },
      {
        step: 4,
        outcome: "Recycle",
        reason:
          "a went back on the 4 KiB list still grown; b is handed that 100 KiB buffer: a recycle.",
      },
      {
        step: 16,
        outcome: "Fits",
        reason:
          "e recycled the 100 KiB buffer at step 15, so 64 KiB fits in its capacity: nothing grows.",
      },
    ],
  },
  {
    id: "bursty-workload",
    title: "Bursty workload",
    lesson:
      "Traffic comes in bursts bigger than the free lists, with quiet spells between. Each burst starts " +
      "with what the lists kept, then misses. Raise the capacity step by step to find where the misses " +
      "stop falling.",
    source: `# Bursty workload: bursts of 12 mixed sizes, then a quiet spell.
capacity 4
seed 42

repeat 20 {
  repeat 12 {
    acquire random 4KB..32KB
  }
  release all

  repeat 5 {
    q = acquire 8KB
    release q
  }
}
`,
    questions: [
      {
        step: 13,
        outcome: "Back on the list",
        reason: "The 8 KiB list was empty, far below its capacity of 4, so #1 goes back on it.",
      },
      {
        step: 25,
        outcome: "Recycle",
        reason: "The burst left 4 buffers on the 8 KiB list, so q recycles one.",
      },
      {
        step: 41,
        outcome: "Miss",
        reason:
          "Steps 37 to 40 took all four 32 KiB buffers off their list, so it was empty: a miss.",
      },
    ],
  },
  {
    id: "realistic-mix",
    title: "Realistic mix",
    lesson:
      "Four requests in five ask for 4 KiB and only one in twenty for 1 MiB, yet memory follows size, not " +
      "count. Run it to the end: of the 3.3 MiB in free lists, 3 MiB are the three buffers on the 1 MiB bar, " +
      "while the full 4 KiB list keeps just 32 KiB. A capacity that costs nothing for small classes is what " +
      "the few large ones multiply.",
    source: `# Realistic mix: many small, a few large.
capacity 8
seed 11

# 50 bursts of 4 to 16 buffers. Sizes by
# weight: 4 KiB 80 %, 64 KiB 15 %, 1 MiB 5 %.
repeat 50 {
  repeat random 4..16 {
    acquire 4KB:80, 64KB:15, 1MB:5
  }
  # All go back; the lists fill to capacity.
  release all
}
`,
    questions: [
      {
        step: 17,
        outcome: "Recycle",
        reason:
          "Eight buffers came back at steps 9 to 16, six of them on the 4 KiB list: this 4 KiB acquire pops one.",
      },
      {
        step: 25,
        outcome: "Miss",
        reason: "#13 and #16 took both 64 KiB buffers off their list, so it was empty: a miss.",
      },
      {
        step: 44,
        outcome: "Dropped: list full",
        reason: "The 4 KiB list already held 8 buffers, its capacity, so this one was dropped.",
      },
    ],
  },
];

/** The preset with `id`; the default preset when none matches. */
export function presetById(id: string): Preset {
  const found = PRESETS.find((p) => p.id === id) ?? PRESETS.find((p) => p.id === DEFAULT_PRESET_ID);
  if (found === undefined) throw new Error(`no preset ${id}`);
  return found;
}

/** A preset whose workload is a trace file: fetched when picked, and read in the worker. */
export interface TracePreset {
  readonly id: string;
  readonly title: string;
  readonly lesson: string;
  /** The file's name, as the workload card shows it. */
  readonly name: string;
  /** Where the build keeps the file (not in the page's JavaScript). */
  readonly url: string;
}

/** Trace presets, offered after the scripts. */
export const TRACE_PRESETS: readonly TracePreset[] = [
  {
    id: "real-program",
    title: "A real program",
    lesson:
      "A CS:APP malloc-lab trace of a real program's allocations (amptjp-bal, 5,694 events). Almost every " +
      "request is a small one, so nearly all land in the 4 KiB class, and it builds up hundreds of live " +
      "blocks before it frees them. A free list of 4 drops most of what comes back: only about 28% of " +
      "acquires recycle. Sweep the capacity to see how many a program like this needs kept.",
    name: "amptjp-bal.rep",
    url: new URL("./amptjp-bal.rep", import.meta.url).href,
  },
];

/**
 * Oracle fidelity through the URL: each trace fixture, opened as a share link,
 * ends (or stops at `step=N`) in exactly the state the Rust seed printed.
 */
import { expect, test, type Playground } from "./fixtures/test.ts";
import { oracleScripts, type ExpectedState, type OracleScript } from "./fixtures/traces.ts";

/** The page's counters and free lists, shaped like the seed's record. */
async function shownState(playground: Playground): Promise<ExpectedState> {
  const { allocations, recycles, misses, recycleRate } = await playground.stats();
  return { allocations, recycles, misses, recycleRate, free: await playground.freeLists() };
}

/**
 * How long a run to a trace's step may take. The t traces' steps allocate and
 * zero buffers of up to 5 MB: on a two-core CI machine running two such pages
 * at once, `step=1998` stood at step 1347 when the default 5 s wait ran out.
 */
const RUN_WAIT = { timeout: 30_000 };

/** Steps worth stopping at: the first, 17, the middle and the one before the last. */
function probeSteps(script: OracleScript): number[] {
  const last = script.steps;
  const steps = [1, 17, Math.floor(last / 2), last - 1].filter((n) => n >= 1 && n <= last);
  return [...new Set(steps)];
}

for (const script of oracleScripts()) {
  test.describe(script.name, () => {
    test("run=1 ends in the seed's final state; Step back shows the one before", async ({
      playground,
    }) => {
      await playground.gotoScript(script.source, { capacity: script.capacity, run: true });
      await playground.waitForStatus("done", { step: script.steps, ...RUN_WAIT });
      expect(await shownState(playground)).toEqual(script.stateAt(script.steps));
      for (const bar of await playground.classBars()) expect(bar.capacity).toBe(script.capacity);

      await playground.stepBackButton.click();
      await playground.waitForStatus("paused", { step: script.steps - 1 });
      expect(await shownState(playground)).toEqual(script.stateAt(script.steps - 1));
    });

    test(`step=N stops in the seed's state at step N (${probeSteps(script).join(", ")})`, async ({
      playground,
    }) => {
      for (const step of probeSteps(script)) {
        await playground.gotoScript(script.source, { capacity: script.capacity, step });
        await playground.waitForStatus("paused", { step, ...RUN_WAIT });
        expect(await shownState(playground), `step ${step}`).toEqual(script.stateAt(step));
      }
    });
  });
}

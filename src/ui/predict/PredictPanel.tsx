/**
 * Predict mode on the page: the question about the next step with its answer
 * buttons (keys 1–3 pick one), the verdict on the last answer beside the
 * sentence about the step it revealed (with the lesson's reason when a preset
 * asks and the answer was wrong), the running score, and all of it said in a
 * live region. Nothing here knows the answer: the store holds it back.
 */
import { useEffect } from "react";
import { ANSWERS, predictScore, useStore, useStoreApi } from "../../store/index.ts";
import { isTyping } from "../app/shortcuts.ts";
import { PRESETS } from "../presets/presets.ts";
import { questionText, verdictText } from "./questionText.ts";

/** Keys 1–3 answer the question, unless they are typed into a field or the editor. */
function useAnswerKeys() {
  const store = useStoreApi();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (isTyping(event.target)) return;
      const { question, answer } = store.getState();
      const picked = question === null ? undefined : ANSWERS[question.kind][Number(event.key) - 1];
      if (picked === undefined || !/^[1-3]$/.test(event.key)) return;
      event.preventDefault();
      answer(picked);
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [store]);
}

/** The lesson loaded, when the script is a preset's. */
function usePreset() {
  const source = useStore((s) => s.source);
  const isTrace = useStore((s) => s.trace !== null);
  return isTrace ? undefined : PRESETS.find((preset) => preset.source === source);
}

/** The predict panel; nothing unless predict mode is on. */
export function PredictPanel() {
  const predict = useStore((s) => s.predict);
  // Only predict mode reads the step: a run at Max changes it every frame.
  return predict ? <Predicting /> : null;
}

/** The question, the verdict and the score, in predict mode. */
function Predicting() {
  const question = useStore((s) => s.question);
  const answers = useStore((s) => s.predictAnswers);
  const status = useStore((s) => s.snapshot.status);
  const shownStep = useStore((s) => s.snapshot.step);
  const answer = useStore((s) => s.answer);
  const preset = usePreset();
  useAnswerKeys();
  const { right, asked } = predictScore(answers);
  const last = answers.at(-1);
  const lastShown = last !== undefined && last.step === shownStep ? last : undefined;
  const reason =
    lastShown === undefined || lastShown.right
      ? undefined
      : preset?.questions.find((q) => q.step === lastShown.step)?.reason;
  const verdict = lastShown === undefined ? "" : verdictText(lastShown, reason);
  const fromLesson =
    question !== null && preset?.questions.some((q) => q.step === question.step) === true;
  const asking = question === null ? "" : questionText(question);
  const ended = status === "done" ? `The end of the script: ${right} of ${asked} right.` : "";
  return (
    <section className="panel predict" aria-labelledby="predict-heading">
      <div className="panel-head">
        <h2 id="predict-heading" className="panel-title">
          Predict
        </h2>
        <p
          className="predict-score"
          data-testid="predict-score"
          data-right={right}
          data-asked={asked}
          aria-label={`Score: ${right} of ${asked}`}
        >
          {right} of {asked}
        </p>
      </div>
      {lastShown === undefined ? null : (
        <p
          className={
            lastShown.right ? "predict-verdict verdict-right" : "predict-verdict verdict-wrong"
          }
        >
          {verdict}
        </p>
      )}
      {question === null ? (
        <p className="muted predict-waiting">{ended || "Waiting for the next step…"}</p>
      ) : (
        <div
          className="predict-question"
          data-testid="predict-question"
          data-kind={question.kind}
          data-step={question.step}
        >
          <p>
            {fromLesson ? <strong className="predict-lesson">From the lesson: </strong> : null}
            {asking}
          </p>
          <div className="button-row predict-answers" role="group" aria-label="Your prediction">
            {ANSWERS[question.kind].map((option, k) => (
              <button key={option} type="button" onClick={() => answer(option)}>
                <kbd aria-hidden="true">{k + 1}</kbd>
                {option}
              </button>
            ))}
          </div>
        </div>
      )}
      <p className="visually-hidden" role="status" data-testid="predict-announcement">
        {[verdict, asking || ended].filter(Boolean).join(" ")}
      </p>
    </section>
  );
}

/**
 * The site's pool worker, reached through the page's own CDP session:
 * Playwright does not open CDP sessions on workers, so this attaches to it as
 * a nested target and speaks CDP to it as JSON messages.
 */
import type { CDPSession } from "@playwright/test";

/** An answer to a command sent through `Target.sendMessageToTarget`. */
interface TargetAnswer {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

/** A worker of the page, to send CDP commands to. */
export class WorkerTarget {
  private nextId = 1;
  private readonly answers = new Map<number, (answer: TargetAnswer) => void>();

  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on("Target.receivedMessageFromTarget", (event) => {
      if (event.sessionId !== sessionId) return;
      const answer = JSON.parse(event.message) as TargetAnswer;
      if (answer.id !== undefined) this.answers.get(answer.id)?.(answer);
    });
  }

  /** Starts watching for the worker named `name`; call before the page loads. */
  static async watch(cdp: CDPSession, name: string): Promise<{ found: Promise<WorkerTarget> }> {
    const found = new Promise<WorkerTarget>((resolve) => {
      cdp.on("Target.attachedToTarget", (event) => {
        if (event.targetInfo.type === "worker" && event.targetInfo.title === name) {
          resolve(new WorkerTarget(cdp, event.sessionId));
        }
      });
    });
    await cdp.send("Target.setAutoAttach", {
      autoAttach: true,
      waitForDebuggerOnStart: false,
      flatten: false,
    });
    return { found };
  }

  /** Sends the CDP command `method` to the worker; resolves with its result. */
  send<T>(method: string, params: object = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.answers.set(id, (answer) => {
        this.answers.delete(id);
        if (answer.error) reject(new Error(`${method} in the worker: ${answer.error.message}`));
        else resolve(answer.result as T);
      });
      const message = JSON.stringify({ id, method, params });
      this.cdp
        .send("Target.sendMessageToTarget", { sessionId: this.sessionId, message })
        .catch(reject);
    });
  }
}

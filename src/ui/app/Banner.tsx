/**
 * Messages for the whole page: a notice (a bad share link, a worker restart),
 * dismissable; a run error that is not tied to a script line (those show
 * under the editor instead); and, while the script cannot be saved, a
 * warning that offers it as a file.
 */
import { useStore, useStoreApi, type SaveProblem } from "../../store/index.ts";
import { downloadText } from "../common/download.ts";
import { formatRunError } from "../common/format.ts";

/** The name of the file the warning's download saves. */
export const SCRIPT_FILE_NAME = "pool-script.txt";

const WHY_NOT_SAVED: Record<SaveProblem, string> = {
  blocked: "this browser blocks storage for this site",
  full: "this browser's storage for this site is full",
};

/** Says the work is not being saved, and offers the script as a file. */
function StorageWarning(props: { problem: SaveProblem }) {
  const store = useStoreApi();
  return (
    <div className="banner banner-warning" role="alert" data-testid="storage-warning">
      <p>
        Your work is not being saved: {WHY_NOT_SAVED[props.problem]}. Download the script to keep
        it.
      </p>
      <button type="button" onClick={() => downloadText(SCRIPT_FILE_NAME, store.getState().source)}>
        Download script
      </button>
    </div>
  );
}

/** The banner; renders nothing when there is nothing to say. */
export function Banner() {
  const notice = useStore((s) => s.notice);
  const error = useStore((s) => s.error);
  const saveProblem = useStore((s) => s.saveProblem);
  const dismissNotice = useStore((s) => s.dismissNotice);
  const pageError = error !== null && error.line <= 0 ? error : null;
  if (notice === null && pageError === null && saveProblem === null) return null;
  return (
    <div className="banners">
      {saveProblem === null ? null : <StorageWarning problem={saveProblem} />}
      {pageError === null ? null : (
        <p className="banner banner-error" role="alert">
          {formatRunError(pageError)}
        </p>
      )}
      {notice === null ? null : (
        <div className="banner banner-notice" role="alert">
          <p>{notice}</p>
          <button type="button" onClick={dismissNotice}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}

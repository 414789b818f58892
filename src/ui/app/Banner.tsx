/**
 * Messages for the whole page: a notice (a bad share link, a worker restart),
 * dismissable, and a run error that is not tied to a script line (those show
 * under the editor instead).
 */
import { useStore } from "../../store/index.ts";
import { formatRunError } from "../common/format.ts";

/** The banner; renders nothing when there is nothing to say. */
export function Banner() {
  const notice = useStore((s) => s.notice);
  const error = useStore((s) => s.error);
  const dismissNotice = useStore((s) => s.dismissNotice);
  const pageError = error !== null && error.line <= 0 ? error : null;
  if (notice === null && pageError === null) return null;
  return (
    <div className="banners">
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

/** Hands the visitor a file to save, made on the page: nothing is uploaded. */

/** Downloads `blob` as a file named `fileName`. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  // The browser reads the blob after the click returns; let it finish first.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Downloads `text` as a UTF-8 file named `fileName`. */
export function downloadText(fileName: string, text: string): void {
  downloadBlob(fileName, new Blob([text], { type: "text/plain;charset=utf-8" }));
}

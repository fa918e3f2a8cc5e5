/** What a staff tool run in-process writes to stdout and stderr, kept as text. */
export function captureIo() {
  let out = "";
  let err = "";
  return {
    io: { out: (text: string) => void (out += text), err: (text: string) => void (err += text) },
    out: () => out,
    err: () => err,
  };
}

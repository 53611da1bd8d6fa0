// Writing to stdout and stderr. A reader that closes the pipe early (`| head -1`) ends the run quietly:
// EPIPE is not an error the user made.

let closed = false;

export function guardPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') {
        closed = true;
        process.exit(process.exitCode ?? 0);
      }
      throw err;
    });
  }
}

export function out(line: string): void {
  if (!closed) process.stdout.write(line + '\n');
}

export function err(line: string): void {
  if (!closed) process.stderr.write(line + '\n');
}

/** A progress line on stderr, only when it is a terminal (rewritten in place, cleared at the end). */
export class Progress {
  private readonly on = process.stderr.isTTY === true;
  private shown = false;

  update(done: number, total: number, file: string): void {
    if (!this.on || total < 2) return;
    const width = process.stderr.columns ?? 80;
    const text = `[${done}/${total}] ${file}`;
    process.stderr.write(`\r\x1b[K${text.length > width - 1 ? text.slice(0, width - 2) + '…' : text}`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

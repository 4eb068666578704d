// The command line the SCM starts the service with, and reading it back. Pure.
//
// A service's ImagePath is one string; the CRT in node.exe splits it into argv with the
// Windows rules (CommandLineToArgvW, the 2008 CRT): whitespace separates arguments
// outside double quotes, 2n backslashes before a quote are n backslashes and the quote
// delimits, 2n+1 are n backslashes and a literal quote, other backslashes are literal.
// The program name is special: a quoted name ends at the next quote, escapes and all.

/** Flags whose value is a path: made absolute at install, since a service starts in System32. */
const PATH_FLAGS = ['config.file', 'storage.path'];

/** Quotes one argument so that the Windows rules give it back unchanged. */
export function quoteArgument(arg: string): string {
  if (arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    // Backslashes before a quote are doubled, and the quote escaped; before anything else they are literal.
    out += ch === '"' ? '\\'.repeat(backslashes * 2 + 1) + '"' : '\\'.repeat(backslashes) + ch;
    backslashes = 0;
  }
  // Before the closing quote, backslashes are doubled so that it still closes.
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

export function joinCommandLine(argv: readonly string[]): string {
  return argv.map(quoteArgument).join(' ');
}

/** Splits a command line as node.exe's CRT does, program name first. */
export function splitCommandLine(line: string): string[] {
  const program = /^\s*(?:"([^"]*)"?|(\S+))/.exec(line);
  if (!program) return [];
  const argv = [program[1] ?? program[2] ?? ''];
  let i = program[0].length;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] as string)) i++;
    if (i >= line.length) break;
    const [arg, next] = readArgument(line, i);
    argv.push(arg);
    i = next;
  }
  return argv;
}

/** One argument starting at `start`; returns it and where the next one may start. */
function readArgument(line: string, start: number): [string, number] {
  let arg = '';
  let quoted = false;
  let i = start;
  while (i < line.length && (quoted || !/\s/.test(line[i] as string))) {
    let backslashes = 0;
    while (line[i] === '\\') {
      backslashes++;
      i++;
    }
    if (line[i] !== '"') {
      arg += '\\'.repeat(backslashes);
      if (i < line.length && (quoted || !/\s/.test(line[i] as string))) arg += line[i++];
      continue;
    }
    arg += '\\'.repeat(Math.floor(backslashes / 2));
    if (backslashes % 2 === 1) arg += '"';
    else if (quoted && line[i + 1] === '"') arg += line[++i];
    else quoted = !quoted;
    i++;
  }
  return [arg, i];
}

/**
 * The flags a service runs with, from the flags given to `service install`: as given,
 * except that path values are made absolute with `resolve` (a service's working
 * directory is System32, not where the installer ran).
 */
export function serviceFlags(flagArgv: readonly string[], resolve: (path: string) => string): string[] {
  const out: string[] = [];
  for (let i = 0; i < flagArgv.length; i++) {
    const arg = flagArgv[i] as string;
    const match = /^--?([^=]+)(?:=(.*))?$/s.exec(arg);
    const name = match?.[1] ?? '';
    if (!PATH_FLAGS.includes(name)) {
      out.push(arg);
      continue;
    }
    const value = match?.[2] ?? flagArgv[++i];
    if (value === undefined) throw new Error(`flag --${name} needs a value`);
    out.push(`--${name}=${value === '' ? '' : resolve(value)}`);
  }
  return out;
}

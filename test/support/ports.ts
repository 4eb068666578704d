// A loopback port the kernel just handed out, free again when returned (for a listen
// target or a shim that must know the port in advance).
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  const s = createServer();
  return new Promise((resolve) =>
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    }),
  );
}

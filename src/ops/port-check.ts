// Finds out whether the port is free before anything is written (migrations
// aside): a gateway that cannot listen must fail before it seeds the demo.
import net from "node:net";

export function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

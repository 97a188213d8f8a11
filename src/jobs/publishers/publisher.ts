import type { ManifestText } from "../manifest.js";

export interface PlatformTarget {
  tenantId: string;
  id: string;
  delivery: string;
  target: string;
  secret: string | null;
}

/** Delivers one batch of user manifests (their JSON texts) to a platform; throws to fail the attempt. */
export interface Publisher {
  deliver(platform: PlatformTarget, manifests: ManifestText[]): Promise<void>;
  /** Releases what the publisher holds (a thread); the worker calls it when it stops. */
  close?(): Promise<void>;
}

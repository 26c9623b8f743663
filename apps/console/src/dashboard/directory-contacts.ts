import type { EmployeeDetail } from '../api/tenant-api';

/**
 * What the crisis team needs to phone someone — who has not answered, who is hurt. Response
 * collection keeps no names (personal data stays in tenant-service's encrypted directory), so
 * they are read from the directory by id.
 */
export interface DirectoryContact {
  name: string;
  /** Absent where the caller's view of that person leaves it out (not responsible for them). */
  mobilePhone?: string;
}

/** Looked up: the contact, or null when the directory has no such person any more (purged). */
export type KnownContacts = ReadonlyMap<string, DirectoryContact | null>;

/** The directory's largest page and its limit on ids per request. */
export const IDS_PER_REQUEST = 200;
/** Requests at once: enough to fill a 50,000-row list soon without flooding tenant-service. */
export const CONCURRENT_REQUESTS = 2;

export function contactOf(employee: Pick<EmployeeDetail, 'nameKanji' | 'mobilePhone'>): DirectoryContact {
  return employee.mobilePhone ? { name: employee.nameKanji, mobilePhone: employee.mobilePhone } : { name: employee.nameKanji };
}

/** The ids, each once, in their first order, less those already known or asked for. */
export function idsToLookUp(ids: Iterable<string>, alreadyAsked: ReadonlySet<string>): string[] {
  const wanted = new Set<string>();
  for (const id of ids) if (!alreadyAsked.has(id)) wanted.add(id);
  return [...wanted];
}

export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** The known contacts with one batch's answer added; an asked id the directory did not return is known as null. */
export function mergeContacts(known: KnownContacts, asked: readonly string[], found: readonly (Pick<EmployeeDetail, 'id' | 'nameKanji' | 'mobilePhone'>)[]): Map<string, DirectoryContact | null> {
  const merged = new Map(known);
  for (const id of asked) merged.set(id, null);
  for (const employee of found) merged.set(employee.id, contactOf(employee));
  return merged;
}

/**
 * Reads contacts for ids as they come (the table fills page by page and is read again every few
 * seconds), each id at most once, in batches of IDS_PER_REQUEST with at most CONCURRENT_REQUESTS
 * under way. A failed batch is forgotten, so the next read of the table asks for it again.
 */
export class ContactLookup {
  private known: KnownContacts = new Map();
  private readonly asked = new Set<string>();
  private readonly queue: string[][] = [];
  private running = 0;
  private readonly controller = new AbortController();

  constructor(
    private readonly fetchBatch: (ids: string[], signal: AbortSignal) => Promise<Pick<EmployeeDetail, 'id' | 'nameKanji' | 'mobilePhone'>[]>,
    private readonly onChange: (known: KnownContacts) => void,
    private readonly onError: (error: unknown) => void,
    private readonly limits = { idsPerRequest: IDS_PER_REQUEST, concurrentRequests: CONCURRENT_REQUESTS },
  ) {}

  want(ids: Iterable<string>): void {
    const missing = idsToLookUp(ids, this.asked);
    for (const id of missing) this.asked.add(id);
    this.queue.push(...batchesOf(missing, this.limits.idsPerRequest));
    this.pump();
  }

  stop(): void {
    this.controller.abort();
    this.queue.length = 0;
  }

  private pump(): void {
    while (this.running < this.limits.concurrentRequests && this.queue.length > 0 && !this.controller.signal.aborted) {
      const batch = this.queue.shift()!;
      this.running += 1;
      this.fetchBatch(batch, this.controller.signal)
        .then((found) => {
          this.known = mergeContacts(this.known, batch, found);
          if (!this.controller.signal.aborted) this.onChange(this.known);
        })
        .catch((error: unknown) => {
          for (const id of batch) this.asked.delete(id);
          if (!this.controller.signal.aborted) this.onError(error);
        })
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
  }
}

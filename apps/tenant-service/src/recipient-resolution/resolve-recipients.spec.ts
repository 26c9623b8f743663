import { RecipientMessage, RecipientPageSource, ResolveRecipients } from './resolve-recipients';

function recipient(index: number): RecipientMessage {
  return { employee_id: `id-${String(index).padStart(4, '0')}`, language: 'ja', name_kanji: `社員 ${index}`, emails: [], mobile_phone: '', line_user_id: '' };
}

/** ResolveRecipients over recipients held in memory, recording the cursor of every page read. */
function resolverOver(all: RecipientMessage[], pageSize: number, reads: (string | null)[]) {
  const source: RecipientPageSource = {
    read: async (_query, after, limit) => {
      reads.push(after);
      return all.filter((item) => after === null || item.employee_id > after).slice(0, limit);
    },
  };
  return new ResolveRecipients(source, pageSize);
}

const query = { tenantId: 't', target: { kind: 'all' } as const, afterEmployeeId: null };

async function collect(resolver: ResolveRecipients, isAbandoned: () => boolean = () => false) {
  const seen: string[] = [];
  for await (const page of resolver.pages(query, { isAbandoned, readyForMore: async () => undefined })) seen.push(...page.map((item) => item.employee_id));
  return seen;
}

describe('ResolveRecipients.pages', () => {
  it('reads page after page with the last id as cursor, and stops at a short page', async () => {
    const reads: (string | null)[] = [];
    const all = Array.from({ length: 5 }, (_, index) => recipient(index));
    await expect(collect(resolverOver(all, 2, reads))).resolves.toEqual(all.map((item) => item.employee_id));
    expect(reads).toEqual([null, 'id-0001', 'id-0003']);
  });

  it('reads one more, empty, page when the last page is full', async () => {
    const reads: (string | null)[] = [];
    await collect(resolverOver([recipient(0), recipient(1)], 2, reads));
    expect(reads).toEqual([null, 'id-0001']);
  });

  it('stops sending, and reads at most the page already asked for, once the caller has gone', async () => {
    const reads: (string | null)[] = [];
    let checks = 0;
    const seen = await collect(resolverOver(Array.from({ length: 9 }, (_, index) => recipient(index)), 2, reads), () => checks++ >= 1);
    expect(seen).toEqual(['id-0000', 'id-0001']);
    expect(reads).toEqual([null, 'id-0001']);
  });
});

import { runInTenantTransaction } from '@anpi/persistence';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ResponseMetrics } from '../metrics/response-metrics';

/** Plain text, 1–1,000 characters; control characters other than line breaks are refused. */
export const boardPostBodySchema = z
  .string()
  .transform((body) => body.replace(/\r\n?/g, '\n').trim())
  .pipe(
    z
      .string()
      .min(1)
      .refine((body) => [...body].length <= 1000, 'at most 1000 characters')
      .refine((body) => !/[\u0000-\u0009\u000b-\u001f\u007f]/.test(body), 'no control characters'),
  );

export const newBoardPostSchema = z.object({ body: boardPostBodySchema }).strict();

export type BoardAuthor = 'crisis-team' | 'recipient';

export interface BoardPost {
  postId: string;
  author: BoardAuthor;
  body: string;
  createdAt: string;
}

export interface StaffBoardPost extends BoardPost {
  authorId: string;
  hidden: boolean;
}

/** Posts per author per window: a board is for notices and replies, not for chat floods. */
export const BOARD_RATE_LIMITS: Record<BoardAuthor, { posts: number; windowSeconds: number }> = {
  'crisis-team': { posts: 30, windowSeconds: 600 },
  recipient: { posts: 3, windowSeconds: 600 },
};

/** How many posts the answer page shows (it must stay under 20 KB on a feature phone). */
export const ANSWER_PAGE_BOARD_POSTS = 5;

export class BoardRateLimited extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('too many board posts');
    this.name = 'BoardRateLimited';
  }
}

/**
 * The message board of one alert (掲示板): the crisis team posts notices, recipients read and
 * reply from their answer page, admins hide posts. Limits are counted in PostgreSQL, so they
 * hold across every replica.
 */
export class MessageBoard {
  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: ResponseMetrics,
  ) {}

  async post(tenantId: string, alertId: string, author: BoardAuthor, authorId: string, body: string, now = new Date()): Promise<BoardPost | undefined> {
    const post = await this.store(tenantId, alertId, author, authorId, body, now);
    if (post) this.metrics.boardPosts.inc({ author, outcome: 'posted' });
    return post;
  }

  private store(tenantId: string, alertId: string, author: BoardAuthor, authorId: string, body: string, now: Date): Promise<BoardPost | undefined> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [alert] = await manager.query('SELECT 1 FROM alert_projections WHERE alert_id = $1', [alertId]);
      if (!alert) return undefined;
      // Serialises one author's posts, so the count below cannot be raced past.
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`board/${authorId}`]);
      const limit = BOARD_RATE_LIMITS[author];
      const [recent]: { posts: number; oldest: Date | null }[] = await manager.query(
        `SELECT count(*)::int AS posts, min(created_at) AS oldest FROM board_posts
         WHERE author_id = $1 AND alert_id = $2 AND created_at > $3::timestamptz - make_interval(secs => $4)`,
        [authorId, alertId, now, limit.windowSeconds],
      );
      if (recent.posts >= limit.posts) {
        const freeAt = new Date(recent.oldest!).getTime() + limit.windowSeconds * 1000;
        this.metrics.boardPosts.inc({ author, outcome: 'rate-limited' });
        throw new BoardRateLimited(Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)));
      }
      const postId = randomUUID();
      await manager.query('INSERT INTO board_posts (post_id, tenant_id, alert_id, author, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        postId,
        tenantId,
        alertId,
        author,
        authorId,
        body,
        now,
      ]);
      return { postId, author, body, createdAt: now.toISOString() };
    });
  }

  /** What recipients see: visible posts, newest first, without who wrote them. */
  async visible(tenantId: string, alertId: string, limit: number): Promise<BoardPost[]> {
    const rows: PostRow[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query(
        'SELECT post_id, author, author_id, body, created_at, hidden_at FROM board_posts WHERE alert_id = $1 AND hidden_at IS NULL ORDER BY created_at DESC, post_id LIMIT $2',
        [alertId, limit],
      ),
    );
    return rows.map((row) => ({ postId: row.post_id, author: row.author, body: row.body, createdAt: new Date(row.created_at).toISOString() }));
  }

  /** What the crisis team sees: every post, hidden ones marked, with the author's id. */
  async all(tenantId: string, alertId: string, includeHidden: boolean): Promise<StaffBoardPost[]> {
    const rows: PostRow[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query(
        'SELECT post_id, author, author_id, body, created_at, hidden_at FROM board_posts WHERE alert_id = $1 AND ($2 OR hidden_at IS NULL) ORDER BY created_at DESC, post_id LIMIT 500',
        [alertId, includeHidden],
      ),
    );
    return rows.map((row) => ({
      postId: row.post_id,
      author: row.author,
      authorId: row.author_id,
      body: row.body,
      createdAt: new Date(row.created_at).toISOString(),
      hidden: row.hidden_at !== null,
    }));
  }

  /** False when no such post exists on this alert (in this tenant). */
  async hide(tenantId: string, alertId: string, postId: string, hiddenBy: string): Promise<boolean> {
    const [{ hidden }]: { hidden: number }[] = await runInTenantTransaction(this.dataSource, tenantId, (manager) =>
      manager.query(
        `WITH hidden AS (
           UPDATE board_posts SET hidden_at = coalesce(hidden_at, now()), hidden_by = coalesce(hidden_by, $3) WHERE alert_id = $1 AND post_id = $2 RETURNING 1
         ) SELECT count(*)::int AS hidden FROM hidden`,
        [alertId, postId, hiddenBy],
      ),
    );
    return hidden > 0;
  }
}

interface PostRow {
  post_id: string;
  author: BoardAuthor;
  author_id: string;
  body: string;
  created_at: Date;
  hidden_at: Date | null;
}

import { Counter, Histogram, Registry } from 'prom-client';

/** What the crisis team's tools and the answer page did, for dashboards and alerting rules. */
export class ResponseMetrics {
  readonly answers: Counter<'outcome'>;
  readonly boardPosts: Counter<'author' | 'outcome'>;
  readonly exports: Counter<'kind' | 'encoding'>;
  readonly answerWriteBatchSize: Histogram;
  readonly answerLinkReadBatchSize: Histogram;

  constructor(registry: Registry) {
    this.answers = new Counter({
      name: 'anpi_answers_recorded_total',
      help: 'Answer submissions by outcome: first (a new responder), changed, unchanged (a repeat), refused (invalid form).',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.boardPosts = new Counter({
      name: 'anpi_board_posts_total',
      help: 'Message board posts by author (crisis-team, recipient) and outcome (posted, rate-limited).',
      labelNames: ['author', 'outcome'],
      registers: [registry],
    });
    this.exports = new Counter({
      name: 'anpi_response_exports_total',
      help: 'CSV downloads by kind (answers, non-responders, report) and encoding.',
      labelNames: ['kind', 'encoding'],
      registers: [registry],
    });
    this.answerWriteBatchSize = new Histogram({
      name: 'anpi_answer_write_batch_size',
      help: 'Answers written (and committed) together in one statement: 1 when the service is quiet, more under load.',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      registers: [registry],
    });
    this.answerLinkReadBatchSize = new Histogram({
      name: 'anpi_answer_link_read_batch_size',
      help: 'Answer links opened together in one statement (each answer page opens its link): 1 when the service is quiet, more under load.',
      buckets: [1, 2, 5, 10, 20, 50, 100, 200],
      registers: [registry],
    });
  }
}

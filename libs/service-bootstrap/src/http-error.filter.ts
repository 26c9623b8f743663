import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from './field-problems';

/** The one error shape every service returns. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: FieldProblem[];
  requestId?: string;
}

/**
 * Known HTTP errors keep their status and message; anything else becomes a 500 without
 * internals (the log has them, linked by the request id).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const body = toErrorBody(exception);
    body.requestId = String(request.headers['x-request-id'] ?? request.id);
    if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    void reply.status(body.statusCode).send(body);
  }
}

function toErrorBody(exception: unknown): ErrorBody {
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const status = exception.getStatus();
    if (typeof response === 'object' && response !== null) {
      const { message, details, error } = response as Partial<ErrorBody> & { message?: string | string[] };
      return {
        statusCode: status,
        error: error ?? HttpStatus[status] ?? 'Error',
        message: Array.isArray(message) ? message.join('; ') : (message ?? exception.message),
        details,
      };
    }
    return { statusCode: status, error: HttpStatus[status] ?? 'Error', message: String(response) };
  }
  const fastifyStatus = (exception as { statusCode?: unknown })?.statusCode;
  if (typeof fastifyStatus === 'number' && fastifyStatus >= 400 && fastifyStatus < 500) {
    // Fastify's own rejections: body too large (413), malformed JSON (400), wrong content type (415).
    return { statusCode: fastifyStatus, error: HttpStatus[fastifyStatus] ?? 'Error', message: (exception as Error).message };
  }
  return { statusCode: 500, error: 'Internal Server Error', message: 'internal error' };
}

import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { ApiError, ErrorCode } from '@lokalforum/protocol';
import type { Response } from 'express';
import { clientFault } from './client-fault';
import { DomainError } from './domain-error';

const codeForStatus: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'validation_failed',
  429: 'rate_limited',
};

/** Every error leaves the API as `{ statusCode, error: { code, message, issues? } }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof DomainError) return domainBody(exception);
    const parserError = bodyParserError(exception);
    if (parserError) return parserError;
    const fault = clientFault(exception);
    if (fault) return domainBody(fault);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Nest turns body-parser's SyntaxError into a bare 400 with the parser's message.
      if (status === 400 && /JSON/.test(exception.message)) {
        return {
          statusCode: 400,
          error: { code: 'malformed_json', message: 'Forespørgslens JSON kunne ikke læses' },
        };
      }
      const response = exception.getResponse();
      const message =
        typeof response === 'object' && response && 'message' in response
          ? String(response.message)
          : exception.message;
      return {
        statusCode: status,
        error: { code: codeForStatus[status] ?? 'internal', message },
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: { code: 'internal', message: 'Der skete en fejl på serveren' },
    };
  }
}

function domainBody(error: DomainError): ApiError {
  return {
    statusCode: error.status,
    error: {
      code: error.code,
      message: error.message,
      ...(error.issues ? { issues: error.issues } : {}),
    },
  };
}

/** body-parser signals bad JSON and oversized bodies with a `type` field. */
function bodyParserError(exception: unknown): ApiError | null {
  if (typeof exception !== 'object' || exception === null || !('type' in exception)) return null;
  const { type } = exception;
  if (type === 'entity.parse.failed') {
    return {
      statusCode: 400,
      error: { code: 'malformed_json', message: 'Forespørgslens JSON kunne ikke læses' },
    };
  }
  if (type === 'entity.too.large') {
    return {
      statusCode: 413,
      error: { code: 'validation_failed', message: 'Forespørgslen er for stor' },
    };
  }
  return null;
}

import { Body, Param, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { DomainError } from './domain-error';

/** Parses a request part with a shared zod schema; a failure is a 400 listing each problem. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw validationFailed(result.error);
  }
}

/** A 400 listing each problem zod found (HTTP bodies and socket payloads alike). */
export function validationFailed(error: z.ZodError): DomainError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.join('.') || '(body)',
    message: issue.message,
  }));
  const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return new DomainError(400, 'validation_failed', `Ugyldige data — ${summary}`, issues);
}

type JsonSchema = Record<string, unknown>;

/** OpenAPI 3.0 schema of a zod schema (inputs as they are sent). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  delete json.$schema;
  return json;
}

function describeMethod(
  target: object,
  key: string | symbol | undefined,
  decorate: MethodDecorator,
): void {
  if (key === undefined) return;
  const descriptor = Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) decorate(target, key, descriptor);
}

/** `@ZodBody(Schema) body`: validated JSON body, documented in OpenAPI. */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    describeMethod(target, key, ApiBody({ schema: openApiSchema(schema, 'input') }));
  };
}

/** `@ZodParam('slug', Slug) slug`: a validated path parameter, documented in OpenAPI. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Param(name, new ZodValidationPipe(schema))(target, key, index);
    describeMethod(
      target,
      key,
      ApiParam({ name, required: true, schema: openApiSchema(schema, 'input') }),
    );
  };
}

/** `@ZodQuery('token', Schema) token`: a validated query parameter, documented in OpenAPI. */
export function ZodQuery(name: string, schema: z.ZodType): ParameterDecorator {
  return (target, key, index) => {
    Query(name, new ZodValidationPipe(schema))(target, key, index);
    describeMethod(target, key, ApiQuery({ name, schema: openApiSchema(schema, 'input') }));
  };
}

/** Documents a response body with its shared schema. */
export function ZodResponse(status: number, schema: z.ZodType, description = ''): MethodDecorator {
  return ApiResponse({ status, description, schema: openApiSchema(schema) });
}

/**
 * `@ZodQueries({ cursor: Schema, limit: Schema }) query`: the query string as one
 * validated object (absent parameters stay undefined, so defaults apply), each
 * parameter documented in OpenAPI.
 */
export function ZodQueries(shape: Record<string, z.ZodType>): ParameterDecorator {
  return (target, key, index) => {
    Query(new ZodValidationPipe(z.object(shape)))(target, key, index);
    for (const [name, schema] of Object.entries(shape)) {
      describeMethod(
        target,
        key,
        ApiQuery({
          name,
          required: !schema.safeParse(undefined).success,
          schema: openApiSchema(schema, 'input'),
        }),
      );
    }
  };
}

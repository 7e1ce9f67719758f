import { z } from 'zod';
import { type TextKind, textProblem } from './text-rules.js';

/** URL name of a forum/area, e.g. `tuse-naes`. */
export const Slug = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Ugyldig slug: kun a-z, 0-9 og bindestreg');

export const Uuid = z.uuid();

/**
 * Refines a string with the shared text rule of its kind (`textProblem`):
 * `z.string().trim().max(200).superRefine(textRule('line'))`.
 */
export function textRule(kind: TextKind) {
  return (value: string, ctx: z.RefinementCtx<string>): void => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  };
}

/**
 * A whole number sent as text (a path segment or query parameter): decimal
 * digits only, so `1e3`, `0x10`, ` 7` and `2.0` are refused rather than read
 * as numbers.
 */
export function decimalInteger(min: number, max: number, message: string) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,14})$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
}

/** Every error the API returns has this one shape. */
export const ApiError = z.object({
  statusCode: z.number().int(),
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('Field-level problems, for validation errors'),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** Stable machine-readable error codes; `message` is the human text. */
export const errorCodes = [
  'validation_failed',
  'malformed_json',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'demo_disabled',
  'invalid_token',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const Health = z.object({
  status: z.enum(['ok', 'error']),
  database: z.enum(['up', 'down']),
  redis: z.enum(['up', 'down', 'disabled']),
});
export type Health = z.infer<typeof Health>;

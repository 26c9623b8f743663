import { z } from 'zod';

/** An Idempotency-Key (REST header, gRPC field): 8–200 printable ASCII characters. */
export const idempotencyKeySchema = z.string().min(8).max(200).regex(/^[\x21-\x7e]+$/, 'printable ASCII').optional();

import * as z from "@rebound/core/zod";

/** RFC 9457 problem details, as every error of this API is answered. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.object({
        pointer: z.string(),
        path: z.array(z.union([z.string(), z.number()])),
        detail: z.string(),
        code: z.string(),
      }),
    ),
  ),
});

export const problemDoc = (description: string) => ({
  description,
  schema: problemSchema,
  contentType: "application/problem+json",
});

import { problemSchema } from "./problems";

/**
 * A problem answer in a route's `responses`: the document refers to the shared response for
 * its status (components/responses) with this operation's own description.
 */
export const problemDoc = (description: string) => ({
  description,
  schema: problemSchema,
  contentType: "application/problem+json",
});

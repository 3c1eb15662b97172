import type * as z from "zod/mini";
import type { Actor } from "./envelope";

/** The sample a definition carries for docs/events.md; tests check it against the schema. */
export interface EventExample<Data> {
  data: Data;
  actor?: Actor;
  why?: string;
  /** The lead version the example shows (a capture is version 1). */
  version?: number;
}

/** One detail-type of the catalogue: its name, payload version, meaning and schema. */
export interface EventDefinition<Type extends string = string, Data extends z.ZodMiniType = z.ZodMiniType> {
  type: Type;
  /**
   * Version of the `data` payload of this type. Bumped on a breaking change only (a field
   * removed, renamed, retyped or made required); adding an optional field is compatible,
   * and consumers must ignore fields they do not know.
   */
  schemaVersion: number;
  description: string;
  data: Data;
  example: EventExample<z.input<Data>>;
}

/**
 * Declares one event type. Nothing is parsed here: the Lambda cold start should not pay to
 * validate examples that only the docs use (a test validates every example instead).
 */
export function defineEvent<const Type extends string, Data extends z.ZodMiniType<Record<string, unknown>>>(
  type: Type,
  spec: Omit<EventDefinition<Type, Data>, "type">,
): EventDefinition<Type, Data> {
  return { type, ...spec };
}

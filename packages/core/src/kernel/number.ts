import * as z from "./zod";

/**
 * DynamoDB stores numbers of magnitude 1e-130 to under 1e126. JSON carries any double, and
 * one outside that range (5e-324, 1e200) fails the write with a 500; inputs refuse it.
 */
export function isStorableNumber(value: number): boolean {
  const magnitude = Math.abs(value);
  return value === 0 || (magnitude >= 1e-130 && magnitude < 1e125);
}

export const storable = () =>
  z.refine<number>(isStorableNumber, "a number DynamoDB can store: 0, or a magnitude from 1e-130 to 1e125");

import type { SegmentMember } from "../lead/records";

export interface SegmentPageQuery {
  /** Position to continue after (the last page's `position`). */
  after?: string;
  /** Only members that entered before this instant (ISO): the settle window's cutoff. */
  enteredBefore: string;
  limit: number;
  reason?: string;
  source?: string;
}

export interface SegmentPage {
  items: SegmentMember[];
  /** Always set once anything was read or a position was given: store it, pull "what is new since" later. */
  position?: string;
  more: boolean;
}

/** The rebound segment, in the order members entered (written by the `segment.add` effect). */
export interface SegmentReader {
  page(query: SegmentPageQuery): Promise<SegmentPage>;
}

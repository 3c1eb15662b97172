/**
 * A background job's progress, kept between scheduled runs (store/jobs.ts): whatever state
 * the job needs to resume, and a revision that makes saving it a compare-and-set, so two
 * overlapping runs cannot both move it.
 */
export interface JobRecord<S> {
  state: S;
  revision: number;
}

export interface JobRepository {
  get<S>(name: string): Promise<JobRecord<S> | undefined>;
  /** Saves the next state if the stored revision is still `expected` (null: none stored yet); false otherwise. */
  save<S>(name: string, state: S, expected: number | null): Promise<boolean>;
}

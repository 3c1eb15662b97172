import { sstTableArgs } from "../packages/core/src/store/sst-table";
import { stageSettings } from "./stage";

const { isProduction } = stageSettings($app.stage);

/** The single table, built from the same definition the local runner and the tests use. */
export const table = new sst.aws.Dynamo("Table", {
  ...sstTableArgs(),
  deletionProtection: isProduction,
  transform: {
    // SST 4 already enables point-in-time recovery on every table; production states it
    // (with the 35-day maximum window) so a change of SST's default cannot drop it.
    table: isProduction ? { pointInTimeRecovery: { enabled: true, recoveryPeriodInDays: 35 } } : undefined,
  },
});

/// <reference path="./.sst/platform/config.d.ts" />

/**
 * One stack per stage (dev, staging, production, personal stages). Resources live in
 * infra/, one file per concern; per-stage differences live in infra/stage.ts.
 */
export default $config({
  app(input) {
    const isProduction = input.stage === "production";
    return {
      name: "rebound",
      home: "aws",
      // "retain" keeps stateful resources (the table) when removed from config or by
      // `sst remove`; `protect` makes `sst remove --stage production` refuse outright.
      removal: isProduction ? "retain" : "remove",
      protect: isProduction,
    };
  },
  async run() {
    const { table } = await import("./infra/storage");
    const { bus } = await import("./infra/bus");
    const { secrets } = await import("./infra/secrets");
    const { eventDeadLetters } = await import("./infra/dead-letters");
    const { api } = await import("./infra/api");
    const { reboundSweep, slaSweep } = await import("./infra/schedules");
    const { forwarder } = await import("./infra/events");
    const { alarmTopic } = await import("./infra/alarms");
    const { reportProjector, requalification } = await import("./infra/reports");

    return {
      api: api.url,
      table: table.name,
      bus: bus.name,
      reboundSweepFunction: reboundSweep.nodes.function.name,
      slaSweepFunction: slaSweep.nodes.function.name,
      forwarderFunction: forwarder.nodes.function.name,
      bootstrapAdminKeySecret: secrets.bootstrapAdminKey.name,
      cursorSecret: secrets.cursorSecret.name,
      suppressionSecret: secrets.suppressionSecret.name,
      eventDeadLettersQueue: eventDeadLetters.url,
      alarmTopic: alarmTopic.arn,
      reportProjectorFunction: reportProjector.nodes.function.name,
      requalificationFunction: requalification.nodes.function.name,
    };
  },
});

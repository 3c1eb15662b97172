import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import type { EventPublisher } from "@rebound/core/events";
import { type ForwardResult, forwardStreamBatch, type StreamRecord } from "@rebound/core/events/forward";
import {
  type DeadLetteredResult,
  type DeadLetterQueue,
  forwardWithDeadLetters,
} from "@rebound/functions/events";
import { type Checkpoints, readCheckpoint, writeCheckpoint } from "./checkpoint";

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  publisher: EventPublisher;
  /** Where events the publisher rejects for good go, as the Lambda forwarder sends them to SQS. */
  deadLetters?: DeadLetterQueue;
  /** Called with each batch's result when `deadLetters` is set (logs and metrics, as the Lambda does). */
  observe?: (result: DeadLetteredResult) => void;
  /** Where the last forwarded sequence number per shard is kept; in memory when absent. */
  checkpointFile?: string;
  batchSize?: number;
}

/**
 * Emulates Lambda's DynamoDB-stream event source mapping for `npm start` and the tests:
 * reads the table's stream on DynamoDB Local, hands each batch to the same forwarder the
 * Lambda runs, and only then saves the checkpoint. Killed before the checkpoint, it
 * re-reads the batch on restart: at least once, never lost.
 */
export class StreamPoller {
  private readonly streams: DynamoDBStreamsClient;
  private readonly dynamo: DynamoDBClient;
  private checkpoints: Checkpoints;
  private streamArn: string | undefined;

  constructor(private readonly options: StreamPollerOptions) {
    const common = {
      endpoint: options.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    };
    // Read first: a checkpoint that cannot be trusted stops start-up before any client is made.
    this.checkpoints = options.checkpointFile ? readCheckpoint(options.checkpointFile) : {};
    this.streams = new DynamoDBStreamsClient(common);
    this.dynamo = new DynamoDBClient(common);
  }

  /** One pass over every shard until each is drained or fails; returns what was forwarded. */
  async poll(): Promise<{ published: number; rejected: number; failed: boolean }> {
    this.streamArn ??= (
      await this.dynamo.send(new DescribeTableCommand({ TableName: this.options.tableName }))
    ).Table?.LatestStreamArn;
    if (!this.streamArn) throw new Error(`table ${this.options.tableName} has no stream`);
    const { StreamDescription } = await this.streams.send(
      new DescribeStreamCommand({ StreamArn: this.streamArn }),
    );
    const totals = { published: 0, rejected: 0, failed: false };
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      const after = this.checkpoints[shardId];
      let iterator = (
        await this.streams.send(
          new GetShardIteratorCommand({
            StreamArn: this.streamArn,
            ShardId: shardId,
            ...(after
              ? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: after }
              : { ShardIteratorType: "TRIM_HORIZON" }),
          }),
        )
      ).ShardIterator;
      while (iterator) {
        const page = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 100 }),
        );
        const records = page.Records ?? [];
        if (records.length === 0) break;
        const result = await this.forward(records);
        totals.published += result.published;
        totals.rejected += result.rejected.length;
        if (result.retryFrom) {
          // Resume at the failed record next time: checkpoint just before it.
          const index = records.findIndex((r) => r.dynamodb?.SequenceNumber === result.retryFrom);
          if (index > 0) this.save(shardId, records[index - 1]!.dynamodb!.SequenceNumber!);
          totals.failed = true;
          break;
        }
        this.save(shardId, records.at(-1)!.dynamodb!.SequenceNumber!);
        iterator = page.NextShardIterator;
      }
    }
    return totals;
  }

  private forward(records: _Record[]): Promise<ForwardResult> {
    const { publisher, deadLetters, observe } = this.options;
    if (!deadLetters) return forwardStreamBatch(records as StreamRecord[], publisher);
    return forwardWithDeadLetters(records as StreamRecord[], publisher, deadLetters).then((result) => {
      observe?.(result);
      return result;
    });
  }

  private save(shardId: string, sequenceNumber: string) {
    this.checkpoints[shardId] = sequenceNumber;
    if (this.options.checkpointFile) writeCheckpoint(this.options.checkpointFile, this.checkpoints);
  }

  close() {
    this.streams.destroy();
    this.dynamo.destroy();
  }
}

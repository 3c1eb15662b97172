/**
 * The region an AWS SDK client is built with. In AWS none is passed: the SDK resolves it
 * itself (Lambda always sets AWS_REGION), so configuration is read in one place. A client
 * pointed at a local endpoint (DynamoDB Local, a wire-test fake) still signs its requests
 * with some region; any will do.
 */
export function regionFor(options: { region?: string; endpoint?: string }): { region?: string } {
  const region = options.region ?? (options.endpoint ? "us-east-1" : undefined);
  return region ? { region } : {};
}

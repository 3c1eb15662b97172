/** The stage's event bus: lead events go here for marketing automation to subscribe to. */
export const bus = new sst.aws.Bus("Bus");

export const API_INFO = {
  title: "Rebound API",
  version: "0.1.0",
  description: "Qualify B2B leads, hand them to sales with accountability, and bring lost leads back.",
  license: { name: "MIT", identifier: "MIT" },
  contact: { name: "Rebound maintainers" },
};

/**
 * Where the API runs: `npm start` locally, and a deployed stage's HTTP API (the URL
 * `sst deploy` prints). The reference page and this document are served by the API itself.
 */
export const API_SERVERS = [
  { url: "http://127.0.0.1:3000", description: "Local: `npm start` (PORT changes the port)" },
  {
    url: "https://{apiId}.execute-api.{region}.amazonaws.com",
    description: "A deployed stage: the API URL `npx sst deploy` prints",
    variables: {
      apiId: { default: "your-api-id", description: "The stage's API Gateway id" },
      region: { default: "eu-west-1", description: "The AWS region of the stage" },
    },
  },
];

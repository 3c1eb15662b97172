export const API_INFO = {
  title: "Rebound API",
  version: "0.1.0",
  description: "Qualify B2B leads, hand them to sales with accountability, and bring lost leads back.",
};

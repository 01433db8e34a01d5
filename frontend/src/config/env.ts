/** Build-time configuration. In production the SPA is on CloudFront and the API elsewhere:
 * VITE_API_BASE_URL points at it; locally the API is same-origin under /api/v1. */
export const env = {
  apiBaseUrl: import.meta.env.VITE_API_BASE_URL ?? '/api/v1',
  swaggerUrl: import.meta.env.VITE_SWAGGER_URL ?? '/api/docs/',
} as const;

export {
  createWebLogbook,
  setUser,
  action,
  captureError,
  currentRequestId,
  requireAuth,
  setRoute,
} from './web-api.js';
export { WebLogbook, type ActionOptions, type CrashReply } from './core/web-logbook.js';
export {
  WebOptionsError,
  type WebLogbookOptions,
  type AppOptions,
  type SamplingOptions,
  type BodyCaptureOptions,
  type CrashPageInfo,
  type CrashResponse,
} from './core/options.js';
export {
  TrustProxyError,
  type TrustProxyOption,
  type ProxyHeader,
  clientIp,
  TrustedProxies,
} from './core/client-ip.js';
export { RequestState, currentRequest, stateOf, type IncidentInfo } from './core/request-context.js';
export { acceptRequestId } from './core/request-id.js';
export { fingerprint, appFrames } from './core/fingerprint.js';
export { defaultCrashPage, escapeHtml, wantsJson } from './core/crash-page.js';
export { incidentRef } from './core/incident.js';
export { ActionNameError } from './core/actions.js';
export { UserError, type UserInput } from './core/user.js';
export type { ServerLike } from './core/startup.js';
export type { NodeRequestListener } from './adapters/node-http.js';
export type { UpgradeListener } from './adapters/node-upgrade.js';
export type { ExpressMiddleware, ExpressErrorMiddleware, ExpressNext } from './adapters/express.js';
export type {
  FastifyPlugin,
  FastifyInstanceLike,
  FastifyRequestLike,
  FastifyReplyLike,
} from './adapters/fastify.js';
export {
  HonoRuntimeError,
  type HonoMiddleware,
  type HonoErrorHandler,
  type HonoContextLike,
} from './adapters/hono.js';
export type { KoaMiddleware, KoaContextLike } from './adapters/koa.js';

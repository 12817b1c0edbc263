/** Public API of the agents feature: agent accounts, principals, authorizations, filing for principals, bulk uploads. */
import type { ApiRouter } from '../http';
import { registerAgentAccountRoutes } from './account.routes';
import { registerAuthorizationLinkRoutes } from './authorization-links.routes';
import type { AgentDeps } from './deps';
import { registerAgentFilingRoutes } from './filing.routes';
import { agentLimiters } from './limits';
import { registerPrincipalRoutes } from './principals.routes';

export { markBulkUploadFailed, processBulkUpload } from './bulk-processing';
export { type AgentOptions } from './limits';
export type { AgentDeps } from './deps';

export function registerAgentRoutes(api: ApiRouter, deps: AgentDeps): void {
  const limiters = agentLimiters(deps, deps.agents);
  registerAgentAccountRoutes(api, deps, limiters);
  registerPrincipalRoutes(api, deps, limiters);
  registerAuthorizationLinkRoutes(api, deps, limiters);
  registerAgentFilingRoutes(api, deps);
}
